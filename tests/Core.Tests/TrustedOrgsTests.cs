using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class TrustedOrgsTests
{
    [Fact]
    public void A_trusted_org_resolves_to_its_configured_origin_from_a_15_or_18_character_setting()
    {
        using var core = new CoreHarness(new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId18,
            ["Salesforce:Orgs:0:InstanceUrl"] = "https://acme.my.salesforce.com/",
            ["Salesforce:Orgs:1:OrgId"] = "00D000000000002",
            ["Salesforce:Orgs:1:InstanceUrl"] = "https://other.my.salesforce.com",
        });

        var org = core.OrgOf(Samples.Session);

        Assert.NotNull(org);
        Assert.Equal(Samples.OrgId18, org.OrgId.Value);
        Assert.Equal(new Uri("https://acme.my.salesforce.com/"), org.InstanceUrl);
        Assert.Equal(2, core.Get<TrustedOrgs>().All.Count);
        Assert.Null(core.OrgOf(Samples.UntrustedOrgSession));
    }

    [Fact]
    public async Task The_validator_is_handed_the_configured_org_of_the_session()
    {
        using var core = new CoreHarness();
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var validation = await core.Get<SessionAuthenticator>().AuthenticateAsync(new SalesforceSession(Samples.Session), CancellationToken.None);

        Assert.True(validation.IsValid);
        Assert.Equal(new Uri("https://example.my.salesforce.com/"), Assert.Single(core.Salesforce.Orgs).InstanceUrl);
    }
}
