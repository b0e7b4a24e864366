using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>What every <see cref="IIdentityDirectory"/> must do. A derived class per adapter supplies a fresh,
/// empty directory and a way to add and list users behind the port's back.</summary>
public abstract class IdentityDirectoryContract
{
    protected abstract Task<IIdentityDirectory> CreateDirectoryAsync(IdentityKey identityKey);

    /// <summary>Adds a user as another identity provider would have made it.</summary>
    protected abstract Task SeedUserAsync(string username, IReadOnlyDictionary<string, string> attributes);

    protected abstract Task<IReadOnlyList<DirectoryUser>> ListUsersAsync();

    [Fact]
    public async Task First_login_creates_the_user_with_its_salesforce_attributes()
    {
        var directory = await CreateDirectoryAsync(IdentityKey.SalesforceUserId);

        var outcome = await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.Null(outcome.Failure);
        Assert.True(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User?.Username);
        var stored = Assert.Single(await ListUsersAsync());
        Assert.Equal(Samples.Username, stored.Username);
        Assert.Equal(Samples.Email, stored.Attributes[IdentityMapping.EmailAttribute]);
        Assert.Equal("true", stored.Attributes[IdentityMapping.EmailVerifiedAttribute]);
        Assert.Equal(Samples.OrgId18, stored.Attributes[IdentityMapping.OrgIdAttribute]);
        Assert.Equal(Samples.UserId18, stored.Attributes[IdentityMapping.UserIdAttribute]);
    }

    [Fact]
    public async Task Returning_login_finds_the_same_user_without_creating_another()
    {
        var directory = await CreateDirectoryAsync(IdentityKey.SalesforceUserId);
        await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        var outcome = await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.False(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User?.Username);
        Assert.Single(await ListUsersAsync());
    }

    [Fact]
    public async Task A_changed_salesforce_email_is_written_to_the_user()
    {
        var directory = await CreateDirectoryAsync(IdentityKey.SalesforceUserId);
        await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        var outcome = await directory.FindOrCreateAsync(
            Samples.Identity with { Email = "renamed@backflipt.com" }, CancellationToken.None);

        Assert.False(outcome.Created);
        Assert.Equal("renamed@backflipt.com", outcome.User?.Email);
        var stored = Assert.Single(await ListUsersAsync());
        Assert.Equal("renamed@backflipt.com", stored.Email);
    }

    [Fact]
    public async Task Email_mode_signs_into_another_providers_user_with_the_same_verified_email()
    {
        await SeedUserAsync("Google_1234567890", new Dictionary<string, string>
        {
            [IdentityMapping.EmailAttribute] = Samples.Email,
            [IdentityMapping.EmailVerifiedAttribute] = "true",
        });
        var directory = await CreateDirectoryAsync(IdentityKey.Email);

        // Salesforce may report the address with capitals the other provider did not use.
        var outcome = await directory.FindOrCreateAsync(Samples.Identity with { Email = "Support@Backflipt.com" }, CancellationToken.None);

        Assert.Null(outcome.Failure);
        Assert.False(outcome.Created);
        Assert.Equal("Google_1234567890", outcome.User?.Username);
        Assert.Single(await ListUsersAsync());
    }

    [Fact]
    public async Task Email_mode_creates_a_user_when_no_one_has_the_email()
    {
        await SeedUserAsync("Google_1234567890", new Dictionary<string, string>
        {
            [IdentityMapping.EmailAttribute] = "someone.else@example.com",
            [IdentityMapping.EmailVerifiedAttribute] = "true",
        });
        var directory = await CreateDirectoryAsync(IdentityKey.Email);

        var outcome = await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.True(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User?.Username);
        Assert.Equal(2, (await ListUsersAsync()).Count);
    }

    [Fact]
    public async Task Email_mode_refuses_when_several_users_share_the_email()
    {
        foreach (var username in new[] { "Google_1", "Facebook_2" })
        {
            await SeedUserAsync(username, new Dictionary<string, string>
            {
                [IdentityMapping.EmailAttribute] = Samples.Email,
                [IdentityMapping.EmailVerifiedAttribute] = "true",
            });
        }

        var directory = await CreateDirectoryAsync(IdentityKey.Email);

        var outcome = await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.Null(outcome.User);
        Assert.Equal(FailureReason.AmbiguousUser, outcome.Failure?.Reason);
        Assert.Equal(2, (await ListUsersAsync()).Count);
    }

    [Fact]
    public async Task Fifty_concurrent_first_logins_end_with_exactly_one_user()
    {
        var directory = await CreateDirectoryAsync(IdentityKey.SalesforceUserId);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var logins = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(logins);

        Assert.All(outcomes, outcome => Assert.Equal(Samples.Username, outcome.User?.Username));
        Assert.Single(outcomes, outcome => outcome.Created);
        Assert.Single(await ListUsersAsync());
    }
}
