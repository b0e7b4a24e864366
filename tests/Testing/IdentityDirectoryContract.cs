using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>What every <see cref="IIdentityDirectory"/> must do: its primitives, and Core's find-or-create policy
/// working over it. A derived class per adapter supplies a fresh, empty directory and a way to add and list users
/// behind the port's back.</summary>
public abstract class IdentityDirectoryContract
{
    private static readonly DirectoryUser OtherProvidersUser =
        new("Google_1234567890", Samples.Email, EmailVerified: true, SalesforceOrgId: null, SalesforceUserId: null);

    protected abstract Task<IIdentityDirectory> CreateDirectoryAsync();

    /// <summary>Adds a user as another identity provider would have made it.</summary>
    protected abstract Task SeedUserAsync(DirectoryUser user);

    protected abstract Task<IReadOnlyList<DirectoryUser>> ListUsersAsync();

    private async Task<UserProvisioning> ProvisioningAsync(IdentityKey identityKey) => new(
        await CreateDirectoryAsync(), Options.Create(new IdentityOptions { Key = identityKey }), NullLogger<UserProvisioning>.Instance);

    [Fact]
    public async Task A_created_user_is_read_back_with_every_field()
    {
        var directory = await CreateDirectoryAsync();
        var user = IdentityMapping.NewUser(Samples.Identity);

        var created = await directory.CreateAsync(user, CancellationToken.None);
        var read = await directory.GetAsync(Samples.Username, CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.True(read.Succeeded);
        Assert.Equal(user, read.Value);
    }

    [Fact]
    public async Task An_unknown_username_is_not_found()
    {
        var directory = await CreateDirectoryAsync();

        var read = await directory.GetAsync("sf_nobody", CancellationToken.None);

        Assert.False(read.Succeeded);
        Assert.Equal(DirectoryError.NotFound, read.Error);
    }

    [Fact]
    public async Task Creating_an_existing_username_answers_username_exists_and_changes_nothing()
    {
        var directory = await CreateDirectoryAsync();
        await directory.CreateAsync(IdentityMapping.NewUser(Samples.Identity), CancellationToken.None);

        var second = await directory.CreateAsync(IdentityMapping.NewUser(Samples.Identity) with { Email = "other@example.com" }, CancellationToken.None);

        Assert.Equal(DirectoryError.UsernameExists, second.Error);
        Assert.Equal(Samples.Email, Assert.Single(await ListUsersAsync()).Email);
    }

    [Fact]
    public async Task Finding_by_verified_email_ignores_case_skips_unverified_and_stops_at_two()
    {
        await SeedUserAsync(OtherProvidersUser);
        await SeedUserAsync(OtherProvidersUser with { Username = "Facebook_1" });
        await SeedUserAsync(OtherProvidersUser with { Username = "Facebook_2" });
        await SeedUserAsync(OtherProvidersUser with { Username = "Unverified_1", EmailVerified = false });
        var directory = await CreateDirectoryAsync();

        var found = await directory.FindByVerifiedEmailAsync(Samples.Email, CancellationToken.None);
        var none = await directory.FindByVerifiedEmailAsync("nobody@example.com", CancellationToken.None);

        Assert.True(found.Succeeded);
        Assert.Equal(2, found.Value.Count);
        Assert.All(found.Value, user => Assert.True(user.EmailVerified));
        Assert.True(none.Succeeded);
        Assert.Empty(none.Value);
    }

    [Fact]
    public async Task First_login_creates_the_user_with_its_salesforce_attributes()
    {
        var provisioning = await ProvisioningAsync(IdentityKey.SalesforceUserId);

        var outcome = await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User.Username);
        var stored = Assert.Single(await ListUsersAsync());
        Assert.Equal(Samples.Username, stored.Username);
        Assert.Equal(Samples.Email, stored.Email);
        Assert.True(stored.EmailVerified);
        Assert.Equal(SalesforceId.Parse(Samples.OrgId18), stored.SalesforceOrgId);
        Assert.Equal(SalesforceId.Parse(Samples.UserId18), stored.SalesforceUserId);
    }

    [Fact]
    public async Task Returning_login_finds_the_same_user_without_creating_another()
    {
        var provisioning = await ProvisioningAsync(IdentityKey.SalesforceUserId);
        await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        var outcome = await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.False(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User?.Username);
        Assert.Single(await ListUsersAsync());
    }

    [Fact]
    public async Task A_changed_salesforce_email_is_written_to_the_user()
    {
        var provisioning = await ProvisioningAsync(IdentityKey.SalesforceUserId);
        await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        var outcome = await provisioning.FindOrCreateAsync(
            Samples.Identity with { Email = "renamed@backflipt.com" }, CancellationToken.None);

        Assert.False(outcome.Created);
        Assert.Equal("renamed@backflipt.com", outcome.User?.Email);
        var stored = Assert.Single(await ListUsersAsync());
        Assert.Equal("renamed@backflipt.com", stored.Email);
    }

    [Fact]
    public async Task Email_mode_signs_into_another_providers_user_with_the_same_verified_email()
    {
        await SeedUserAsync(OtherProvidersUser);
        var provisioning = await ProvisioningAsync(IdentityKey.Email);

        // Salesforce may report the address with capitals the other provider did not use.
        var outcome = await provisioning.FindOrCreateAsync(Samples.Identity with { Email = "Support@Backflipt.com" }, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.False(outcome.Created);
        Assert.Equal("Google_1234567890", outcome.User.Username);
        var linked = Assert.Single(await ListUsersAsync());
        // The link is recorded on the user, for single sign-out to find it by the Salesforce user.
        Assert.Equal((Samples.OrgId18, Samples.UserId18), (linked.SalesforceOrgId?.Value, linked.SalesforceUserId?.Value));
        Assert.Equal("Google_1234567890", linked.Username);
    }

    [Fact]
    public async Task Email_mode_creates_a_user_when_no_one_has_the_email()
    {
        await SeedUserAsync(OtherProvidersUser with { Email = "someone.else@example.com" });
        var provisioning = await ProvisioningAsync(IdentityKey.Email);

        var outcome = await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.True(outcome.Created);
        Assert.Equal(Samples.Username, outcome.User?.Username);
        Assert.Equal(2, (await ListUsersAsync()).Count);
    }

    [Fact]
    public async Task Email_mode_refuses_when_several_users_share_the_email()
    {
        await SeedUserAsync(OtherProvidersUser with { Username = "Google_1" });
        await SeedUserAsync(OtherProvidersUser with { Username = "Facebook_2" });
        var provisioning = await ProvisioningAsync(IdentityKey.Email);

        var outcome = await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(RefusalReason.AmbiguousUser, outcome.Refusal.Reason);
        Assert.Equal(2, (await ListUsersAsync()).Count);
    }

    [Fact]
    public async Task Fifty_concurrent_first_logins_end_with_exactly_one_user()
    {
        var provisioning = await ProvisioningAsync(IdentityKey.SalesforceUserId);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var logins = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(logins);

        Assert.All(outcomes, outcome => Assert.Equal(Samples.Username, outcome.User?.Username));
        Assert.Single(outcomes, outcome => outcome.Created);
        Assert.Single(await ListUsersAsync());
    }
}
