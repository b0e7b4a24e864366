using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;

namespace SfCognitoSso.Testing;

/// <summary>The Core wired as a host would wire it, with the fake Salesforce, the in-memory directory and every
/// log line captured. Pass <c>adapters</c> to wire real adapters instead of the fakes.</summary>
public sealed class CoreHarness : IDisposable
{
    private readonly ServiceProvider provider;

    public CoreHarness(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        Action<IServiceCollection, IConfiguration>? adapters = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
                ["Salesforce:Orgs:0:InstanceUrl"] = "https://example.my.salesforce.com",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSfCognitoSsoCore(configuration);
        if (adapters is null)
        {
            services.AddSingleton(Salesforce);
            services.AddSingleton<Core.Sessions.ISessionValidator>(Salesforce);
            services.AddInMemoryDirectory();
        }
        else
        {
            adapters(services, configuration);
        }

        configure?.Invoke(services);
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeSessionValidator Salesforce { get; } = new();

    public IMediator Mediator => provider.GetRequiredService<IMediator>();

    public InMemoryIdentityDirectory Users => provider.GetRequiredService<InMemoryIdentityDirectory>();

    public IIdentityDirectory Directory => provider.GetRequiredService<IIdentityDirectory>();

    public FakeLogCollector Logs => provider.GetFakeLogCollector();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    /// <summary>The session's org from the trusted table, as the Core resolves it before calling a validator; null
    /// when the org is not trusted.</summary>
    public Core.Sessions.TrustedOrg? OrgOf(string session) =>
        new Core.Sessions.SalesforceSession(session).TryGetOrgId(out var orgId)
        && Get<Core.Sessions.TrustedOrgs>().TryGet(orgId, out var org) ? org : null;

    /// <summary>Fails the test if any captured log line holds any part of these sessions.</summary>
    public void AssertLogsHoldNo(params string[] sessions) => SecretAssert.NoneIn(LogText.Of(Logs), sessions);

    public void Dispose() => provider.Dispose();
}
