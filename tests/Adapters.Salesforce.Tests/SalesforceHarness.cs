using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>The Core with the real Salesforce adapter pointed at a stub org, and the in-memory directory.
/// On dispose it fails the test if any log line held a session.</summary>
internal sealed class SalesforceHarness : IDisposable
{
    /// <summary>The validator's ES256 key for this test run: it signs shared cache entries (Ticket__SigningKey).</summary>
    public static readonly System.Security.Cryptography.ECDsa ValidatorKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    public static readonly string SigningKeyPem = ValidatorKey.ExportPkcs8PrivateKeyPem();

    /// <summary>What the triggers hold (Ticket__PublicKeys__0): they check shared entries, never write any.</summary>
    public static readonly string PublicKeyPem = ValidatorKey.ExportSubjectPublicKeyInfoPem();

    private readonly CoreHarness core;

    public SalesforceHarness(
        SalesforceStub stub,
        SalesforceEndpoint endpoint = SalesforceEndpoint.ChatterUsersMe,
        int cacheTtlSeconds = 0,
        string? redis = null,
        string? instanceUrl = null,
        IReadOnlyDictionary<string, string?>? more = null,
        bool signs = true,
        TimeProvider? time = null,
        bool singleSignOut = false,
        bool pushed = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = instanceUrl ?? stub.Url,
            ["Salesforce:Endpoint"] = endpoint.ToString(),
            ["Cache:TtlSeconds"] = cacheTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cache:Redis"] = redis,
            ["Ticket:SigningKey"] = redis is null || !signs ? null : SigningKeyPem,
            ["Ticket:PublicKeys:0"] = redis is null || signs ? null : PublicKeyPem,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        core = new CoreHarness(settings, adapters: (services, configuration) =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            if (singleSignOut)
            {
                services.AddSingleton<Core.SignOut.SignOutMarksInUse>();
            }

            services.AddSalesforceSessionValidator(configuration);
            if (pushed)
            {
                services.AddSignOutMarkFeed(configuration);
            }

            services.AddInMemoryDirectory();
        });
    }

    public CoreHarness Core => core;

    public ISessionValidator Validator => core.Get<ISessionValidator>();

    /// <summary>The push channel of sign-out marks (a harness made with <c>pushed: true</c>).</summary>
    public SignOutMarkFeed Feed => core.Get<SignOutMarkFeed>();

    /// <summary>Marks the sample user signed out now, as the sign-out flow does.</summary>
    public Task SignOutAsync(DateTimeOffset at) =>
        core.Get<Core.SignOut.ISessionRevocations>().RevokeAsync(Samples.Identity.OrgId, Samples.Identity.UserId, at, CancellationToken.None).AsTask();

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
