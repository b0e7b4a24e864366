using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.SignOut;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// What every <see cref="ISignOutDirectory"/> must do: a user it holds is signed out — every sign-in the user held
/// before is over, and the user carries the sign-out mark Verify reads — as often as asked (events arrive at least
/// once); a user it does not hold is "unknown", never an error to retry.
/// </summary>
public abstract class SignOutDirectoryContract
{
    private static readonly DateTimeOffset SignedOutAt = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);

    /// <summary>The directory, holding <paramref name="username"/>, who is signed in.</summary>
    protected abstract Task<ISignOutDirectory> CreateAsync(string username);

    /// <summary>Whether the sign-in the user held before the sign-out still works (a refresh, where the directory issues tokens).</summary>
    protected abstract Task<bool> SignInStillWorksAsync(string username);

    /// <summary>The user as the directory now describes it (to Verify, in the trigger's event).</summary>
    protected abstract Task<DirectoryUser?> ReadAsync(string username);

    [Fact]
    public async Task A_user_it_holds_is_signed_out_and_their_sign_in_ends()
    {
        var directory = await CreateAsync(Samples.Username);
        Assert.True(await SignInStillWorksAsync(Samples.Username));

        var outcome = await directory.SignOutAsync(Samples.Username, SignedOutAt, CancellationToken.None);

        Assert.Equal(DirectorySignOut.SignedOut, outcome);
        Assert.False(await SignInStillWorksAsync(Samples.Username));
    }

    [Fact]
    public async Task A_signed_out_user_carries_the_time_of_the_sign_out_and_a_later_one_moves_it()
    {
        var directory = await CreateAsync(Samples.Username);
        Assert.Null((await ReadAsync(Samples.Username))?.SignedOutAt);

        await directory.SignOutAsync(Samples.Username, SignedOutAt, CancellationToken.None);
        var first = (await ReadAsync(Samples.Username))?.SignedOutAt;
        await directory.SignOutAsync(Samples.Username, SignedOutAt.AddMinutes(5), CancellationToken.None);
        var second = (await ReadAsync(Samples.Username))?.SignedOutAt;

        Assert.Equal((SignedOutAt, SignedOutAt.AddMinutes(5)), (first, second));
        Assert.Equal(Samples.Email, (await ReadAsync(Samples.Username))?.Email);
    }

    [Fact]
    public async Task Signing_out_twice_is_the_same_as_once()
    {
        var directory = await CreateAsync(Samples.Username);

        var first = await directory.SignOutAsync(Samples.Username, SignedOutAt, CancellationToken.None);
        var second = await directory.SignOutAsync(Samples.Username, SignedOutAt, CancellationToken.None);

        Assert.Equal((DirectorySignOut.SignedOut, DirectorySignOut.SignedOut), (first, second));
        Assert.False(await SignInStillWorksAsync(Samples.Username));
    }

    [Fact]
    public async Task A_user_it_does_not_hold_is_unknown()
    {
        var directory = await CreateAsync(Samples.Username);

        var outcome = await directory.SignOutAsync("sf_" + Samples.OrgId18 + "_" + Samples.OtherUserId18, SignedOutAt, CancellationToken.None);

        Assert.Equal(DirectorySignOut.UnknownUser, outcome);
        Assert.True(await SignInStillWorksAsync(Samples.Username));
    }
}
