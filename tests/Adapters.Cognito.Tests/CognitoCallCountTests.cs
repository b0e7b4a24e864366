using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>How many Cognito operations a login costs, counted on the wire against cognito-local.</summary>
[Collection(CognitoLocalCollection.Name)]
public sealed class CognitoCallCountTests(CognitoLocal cognitoLocal)
{
    [Fact]
    public async Task A_first_login_costs_one_read_and_one_create()
    {
        var pool = await cognitoLocal.CreateUserPoolAsync();
        using var harness = new CognitoHarness(cognitoLocal.Url, pool);

        var outcome = await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.True(outcome.Created);
        Assert.Equal(["AdminGetUser", "AdminCreateUser"], harness.Operations);
    }

    [Fact]
    public async Task A_returning_login_costs_one_admin_get_user_and_never_list_users()
    {
        var pool = await cognitoLocal.CreateUserPoolAsync();
        using (var firstHost = new CognitoHarness(cognitoLocal.Url, pool))
        {
            await firstHost.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        }

        using var harness = new CognitoHarness(cognitoLocal.Url, pool);
        var outcome = await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.False(outcome.Created);
        Assert.Equal(["AdminGetUser"], harness.Operations);
    }

    [Fact]
    public async Task A_burst_of_logins_by_one_user_costs_nothing_more_within_the_in_process_cache()
    {
        var pool = await cognitoLocal.CreateUserPoolAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var harness = new CognitoHarness(cognitoLocal.Url, pool, timeProvider: clock);
        await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        harness.Operations.Clear();

        for (var login = 0; login < 5; login++)
        {
            var outcome = await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
            Assert.Equal(Samples.Username, outcome.User?.Username);
        }

        Assert.Empty(harness.Operations);
        clock.Advance(CognitoIdentityDirectory.KnownUserLifetime);
        await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        Assert.Equal(["AdminGetUser"], harness.Operations);
    }

    [Fact]
    public async Task An_email_change_within_the_in_process_cache_costs_one_update()
    {
        var pool = await cognitoLocal.CreateUserPoolAsync();
        using var harness = new CognitoHarness(cognitoLocal.Url, pool);
        await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        harness.Operations.Clear();

        var outcome = await harness.Provisioning.FindOrCreateAsync(Samples.Identity with { Email = "renamed@backflipt.com" }, CancellationToken.None);

        Assert.Equal("renamed@backflipt.com", outcome.User?.Email);
        Assert.True(outcome.User?.EmailVerified);
        Assert.Equal(["AdminUpdateUserAttributes"], harness.Operations);
        var stored = await cognitoLocal.CallAsync("AdminGetUser", $$"""{"UserPoolId":"{{pool}}","Username":"{{Samples.Username}}"}""");
        var attributes = stored["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
        Assert.Equal("renamed@backflipt.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
    }

    [Fact]
    public async Task A_disabled_cognito_user_is_refused_as_inactive()
    {
        var pool = await cognitoLocal.CreateUserPoolAsync();
        using var harness = new CognitoHarness(cognitoLocal.Url, pool);
        await harness.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);
        await cognitoLocal.CallAsync("AdminDisableUser", $$"""{"UserPoolId":"{{pool}}","Username":"{{Samples.Username}}"}""");
        using var otherHost = new CognitoHarness(cognitoLocal.Url, pool);

        var outcome = await otherHost.Provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.Null(outcome.User);
        Assert.Equal(Core.RefusalReason.UserInactive, outcome.Refusal?.Reason);
    }
}
