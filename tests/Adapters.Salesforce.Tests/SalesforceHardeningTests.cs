using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>Findings 1, 5 and 7 of the security review, at the Salesforce adapter.</summary>
public sealed class SalesforceHardeningTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    [Fact]
    public void Email_linking_over_chatter_stops_start_up_naming_both_settings()
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Identity:Key"] = "Email", ["Salesforce:Endpoint"] = "ChatterUsersMe" },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<SalesforceOptions>>().Value);

        Assert.StartsWith("Identity__Key=Email requires Salesforce__Endpoint=UserInfo", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Guest", RefusalReason.UserTypeNotAllowed)]
    [InlineData("PowerPartner", RefusalReason.UserTypeNotAllowed)]
    [InlineData("Internal", null)]
    public async Task The_chatter_user_type_decides_who_may_sign_in(string userType, RefusalReason? refusal)
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200,
            SalesforceStub.ChatterUser().Replace("\"userType\": \"Internal\"", $"\"userType\": \"{userType}\"", StringComparison.Ordinal));
        using var harness = new SalesforceHarness(salesforce);

        var result = await harness.Core.Get<Core.Sessions.SessionAuthenticator>().AuthenticateAsync(new(Samples.Session), CancellationToken.None);

        Assert.Equal(refusal, result.Refusal?.Reason);
    }

    [Theory]
    [InlineData("GUEST", RefusalReason.UserTypeNotAllowed)]
    [InlineData("POWER_PARTNER", null)]
    [InlineData("CSP_LITE_PORTAL", RefusalReason.UserTypeNotAllowed)]
    public async Task A_portal_type_named_in_settings_may_sign_in_and_a_guest_never(string userType, RefusalReason? refusal)
    {
        var body = WireData.Read("salesforce/salesforce-userinfo-response__vmware-connectors-workspace-one.json")
            .Replace("\"user_type\": \"STANDARD\"", $"\"user_type\": \"{userType}\"", StringComparison.Ordinal);
        salesforce.Answer(SalesforceStub.UserInfoPath, Samples.Session, 200, body);
        using var harness = new SalesforceHarness(salesforce, SalesforceEndpoint.UserInfo, more: new Dictionary<string, string?>
        {
            ["Salesforce:AllowedUserTypes:0"] = "PowerPartner",
        });

        var result = await harness.Core.Get<Core.Sessions.SessionAuthenticator>().AuthenticateAsync(new(Samples.Session), CancellationToken.None);

        Assert.Equal(refusal, result.Refusal?.Reason);
    }

    [Fact]
    public void Guest_users_cannot_be_opted_in()
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Salesforce:AllowedUserTypes:0"] = "Guest" },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<Core.Sessions.TrustedOrgsOptions>>().Value);

        Assert.StartsWith("Salesforce__AllowedUserTypes__0 must name a portal or community user type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_orgs_outage_does_not_open_the_circuit_for_another_org()
    {
        using var failing = new SalesforceStub();
        failing.AnswerAll(SalesforceStub.ChatterPath, 503, "[]");
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.UntrustedOrgSession, 200,
            SalesforceStub.ChatterUser().Replace(Samples.UserId18, Samples.OtherUserId18, StringComparison.Ordinal));
        using var harness = new SalesforceHarness(failing, more: new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:1:OrgId"] = Samples.UntrustedOrgId15,
            ["Salesforce:Orgs:1:InstanceUrl"] = salesforce.Url,
        });

        // Enough failures in the sampling window to open a breaker (100 attempts at the least).
        for (var i = 0; i < 80; i++)
        {
            await harness.ValidateAsync(Samples.Session);
        }

        var other = await harness.ValidateAsync(Samples.UntrustedOrgSession);

        Assert.True(other.IsValid, other.Refusal?.Message);
        Assert.True(failing.Requests.Count < 160, "the failing org's own circuit opened");
    }
}
