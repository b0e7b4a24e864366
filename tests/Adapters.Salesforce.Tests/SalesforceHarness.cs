using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>The Core with the real Salesforce adapter pointed at a stub org, and the in-memory directory.
/// On dispose it fails the test if any log line held a session.</summary>
internal sealed class SalesforceHarness : IDisposable
{
    /// <summary>The validator's and the triggers' shared Cache__SigningKey (32 bytes).</summary>
    public const string SigningKey = "c2ZzLWxvY2FsLXRlc3QtY2FjaGUtc2lnbmluZy1rZXkhIQ==";

    private readonly CoreHarness core;

    public SalesforceHarness(
        SalesforceStub stub,
        SalesforceEndpoint endpoint = SalesforceEndpoint.ChatterUsersMe,
        int cacheTtlSeconds = 0,
        string? redis = null,
        string? instanceUrl = null,
        IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = instanceUrl ?? stub.Url,
            ["Salesforce:Endpoint"] = endpoint.ToString(),
            ["Cache:TtlSeconds"] = cacheTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cache:Redis"] = redis,
            ["Cache:SigningKey"] = redis is null ? null : SigningKey,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        core = new CoreHarness(settings, adapters: (services, configuration) =>
        {
            services.AddSalesforceSessionValidator(configuration);
            services.AddInMemoryDirectory();
        });
    }

    public CoreHarness Core => core;

    public ISessionValidator Validator => core.Get<ISessionValidator>();

    /// <summary>Calls the adapter as the Core does: with the session's org resolved from the trusted table.</summary>
    public Task<SessionValidation> ValidateAsync(string session) =>
        Validator.ValidateAsync(new SalesforceSession(session), core.OrgOf(session) ?? throw new InvalidOperationException("The session's org is not trusted."), CancellationToken.None).AsTask();

    public void Dispose()
    {
        try
        {
            core.AssertLogsHoldNo(Samples.Session, Samples.OtherUserSession, Samples.UntrustedOrgSession);
        }
        finally
        {
            core.Dispose();
        }
    }
}
