using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The fake the Core suites rely on keeps the same contract as the real Salesforce adapter.</summary>
public sealed class FakeSessionValidatorContractTests : SessionValidatorContract
{
    private readonly FakeSessionValidator fake = new();

    protected override Task ArrangeValidAsync(string session, SalesforceIdentity identity)
    {
        fake.Accept(session, identity);
        return Task.CompletedTask;
    }

    protected override Task ArrangeInvalidAsync(string session) => Task.CompletedTask;

    protected override Task ArrangeUnavailableAsync(string session)
    {
        fake.Outage = Refusal.SalesforceUnavailable;
        return Task.CompletedTask;
    }

    protected override TrustedOrg SampleOrg { get; } =
        new(SalesforceId.Parse(Samples.OrgId15), new Uri("https://example.my.salesforce.com/"));

    protected override Task<ISessionValidator> CreateValidatorAsync() => Task.FromResult<ISessionValidator>(fake);
}
