using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>The port's contract, met by the real adapter over a stub org.</summary>
public sealed class SalesforceValidatorContractTests : SessionValidatorContract, IDisposable
{
    private readonly SalesforceStub salesforce = new();
    private SalesforceHarness? harness;

    protected override Task ArrangeValidAsync(string session, SalesforceIdentity identity)
    {
        salesforce.Answer(SalesforceStub.ChatterPath, session, 200, SalesforceStub.ChatterUser(identity.UserId.Value, identity.Email, identity.IsActive));
        return Task.CompletedTask;
    }

    protected override Task ArrangeInvalidAsync(string session)
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, WireData.Read("salesforce/salesforce-error-invalid-session-401.json"));
        return Task.CompletedTask;
    }

    protected override Task ArrangeUnavailableAsync(string session)
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 503, "Service Unavailable", "text/plain");
        return Task.CompletedTask;
    }

    protected override TrustedOrg SampleOrg => harness?.Core.OrgOf(Samples.Session) ?? throw new InvalidOperationException("No validator yet.");

    protected override Task<ISessionValidator> CreateValidatorAsync()
    {
        harness = new SalesforceHarness(salesforce);
        return Task.FromResult(harness.Validator);
    }

    public void Dispose()
    {
        harness?.Dispose();
        salesforce.Dispose();
    }
}
