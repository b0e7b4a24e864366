using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>One trigger composed exactly as the Lambda host composes it, with its log lines captured.</summary>
internal sealed class LambdaHarness : IDisposable
{
    private readonly ServiceProvider provider;

    public LambdaHarness(CognitoTrigger trigger, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Trigger = trigger;
        Configuration = Settings(settings);
        provider = LambdaComposition.Build(trigger, Configuration, Log);
    }

    public CognitoTrigger Trigger { get; }

    public IConfiguration Configuration { get; }

    public StringWriter Log { get; } = new();

    /// <summary><c>invoke &lt;trigger&gt; &lt; input</c> as the host runs it: the exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> InvokeAsync(
        string trigger, byte[] input, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var stdin = new MemoryStream(input);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exitCode = await LambdaEntryPoint.InvokeAsync(trigger, stdin, stdout, stderr, Settings(settings));
        return (exitCode, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    public static IConfiguration Settings(IReadOnlyDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

    public static Dictionary<string, string?> SalesforceSettings(string instanceUrl, int cacheTtlSeconds = 0) => new()
    {
        ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
        ["Salesforce:Orgs:0:InstanceUrl"] = instanceUrl,
        ["Cache:TtlSeconds"] = cacheTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<JsonNode> HandleAsync(string eventJson) => await HandleAsync(System.Text.Encoding.UTF8.GetBytes(eventJson));

    public async Task<JsonNode> HandleAsync(byte[] eventJson)
    {
        var reply = await provider.GetRequiredService<CognitoTriggerHandler>().HandleAsync(Trigger, eventJson, CancellationToken.None);
        return JsonNode.Parse(reply)!;
    }

    public CognitoTriggerHandler Handler => provider.GetRequiredService<CognitoTriggerHandler>();

    public IServiceProvider Services => provider;

    public bool Has<T>() => provider.GetService<T>() is not null;

    public void AssertLogHoldsNo(string session) => SecretAssert.NoneIn(Log.ToString(), session);

    public void Dispose()
    {
        provider.Dispose();
        Log.Dispose();
    }
}
