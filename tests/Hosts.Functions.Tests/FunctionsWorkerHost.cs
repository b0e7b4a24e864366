using SfCognitoSso.FunctionsHost;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>
/// The published Functions app run as Azure runs it: its own worker process, started and driven by the Functions
/// host stand-in over the host-worker gRPC protocol, every request through the host's routing and HTTP proxying.
/// Settings become the worker's app settings (environment variables, <c>Section__Key</c>); its logs are every RpcLog
/// and console line the worker wrote.
/// </summary>
internal sealed class FunctionsWorkerHost : IValidatorHost
{
    /// <summary>The published app: <c>SFSSO_FUNCTIONS_APP</c> when CI published it, else published once per run.</summary>
    private static readonly Lazy<string> PublishedFunctionsApp = new(() => PublishedApp.Of("src/Hosts/Functions", "SFSSO_FUNCTIONS_APP"));

    private readonly FunctionsHostStandIn standIn;
    private readonly HttpValidatorClient client;

    private FunctionsWorkerHost(FunctionsHostStandIn standIn)
    {
        this.standIn = standIn;
        client = new HttpValidatorClient(standIn.Url);
    }

    public FunctionsHostStandIn StandIn => standIn;

    public IReadOnlyList<string> Logs => standIn.Log.Lines;

    public static FunctionsWorkerHost Start(IReadOnlyDictionary<string, string?> settings)
    {
        var appSettings = settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        // Never let a test reach for a cloud credential chain (the instance metadata address): fixed local credentials.
        appSettings["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        appSettings["AWS_SECRET_ACCESS_KEY"] = "secret";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var standIn = FunctionsHostStandIn.StartAsync(new StandInOptions(PublishedFunctionsApp.Value, Loopback.FreePort()) { AppSettings = appSettings })
                    .GetAwaiter().GetResult();
                return new FunctionsWorkerHost(standIn);
            }
            catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
                // A port found free was taken (by another test process) before the stand-in bound it: new ports.
            }
        }
    }

    public Task<ValidatorResponse> SendAsync(ValidatorRequest request) => client.SendAsync(request);

    public void Dispose()
    {
        client.Dispose();
        standIn.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
