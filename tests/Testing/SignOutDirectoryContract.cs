using SfCognitoSso.Core.SignOut;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// What every <see cref="ISignOutDirectory"/> must do: a user it holds is signed out — every sign-in the user held
/// before is over — as often as asked (events arrive at least once); a user it does not hold is "unknown", never
/// an error to retry.
/// </summary>
public abstract class SignOutDirectoryContract
{
    /// <summary>The directory, holding <paramref name="username"/>, who is signed in.</summary>
    protected abstract Task<ISignOutDirectory> CreateAsync(string username);

    /// <summary>Whether the sign-in the user held before the sign-out still works (a refresh, where the directory issues tokens).</summary>
    protected abstract Task<bool> SignInStillWorksAsync(string username);

    [Fact]
    public async Task A_user_it_holds_is_signed_out_and_their_sign_in_ends()
    {
        var directory = await CreateAsync(Samples.Username);
        Assert.True(await SignInStillWorksAsync(Samples.Username));

        var outcome = await directory.SignOutAsync(Samples.Username, CancellationToken.None);

        Assert.Equal(DirectorySignOut.SignedOut, outcome);
        Assert.False(await SignInStillWorksAsync(Samples.Username));
    }

    [Fact]
    public async Task Signing_out_twice_is_the_same_as_once()
    {
        var directory = await CreateAsync(Samples.Username);

        var first = await directory.SignOutAsync(Samples.Username, CancellationToken.None);
        var second = await directory.SignOutAsync(Samples.Username, CancellationToken.None);

        Assert.Equal((DirectorySignOut.SignedOut, DirectorySignOut.SignedOut), (first, second));
        Assert.False(await SignInStillWorksAsync(Samples.Username));
    }

    [Fact]
    public async Task A_user_it_does_not_hold_is_unknown()
    {
        var directory = await CreateAsync(Samples.Username);

        var outcome = await directory.SignOutAsync("sf_" + Samples.OrgId18 + "_" + Samples.OtherUserId18, CancellationToken.None);

        Assert.Equal(DirectorySignOut.UnknownUser, outcome);
        Assert.True(await SignInStillWorksAsync(Samples.Username));
    }
}
