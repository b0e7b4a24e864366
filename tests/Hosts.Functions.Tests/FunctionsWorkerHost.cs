using System.Diagnostics;
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
        var standIn = FunctionsHostStandIn.StartAsync(new StandInOptions(PublishedFunctionsApp.Directory, Loopback.FreePort()) { AppSettings = appSettings })
            .GetAwaiter().GetResult();
        return new FunctionsWorkerHost(standIn);
    }

    public Task<ValidatorResponse> SendAsync(ValidatorRequest request) => client.SendAsync(request);

    public void Dispose()
    {
        client.Dispose();
        standIn.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// The <c>dotnet publish</c> output of src/Hosts/Functions: <c>SFSSO_FUNCTIONS_APP</c> when CI published it already,
/// else published once per run from this build (<c>--no-build</c>, so nothing is compiled under the tests' feet).
/// </summary>
internal static class PublishedFunctionsApp
{
    private static readonly Lazy<string> Folder = new(Publish);

    public static string Directory => Folder.Value;

    private static string Publish()
    {
        if (Environment.GetEnvironmentVariable("SFSSO_FUNCTIONS_APP") is { Length: > 0 } given)
        {
            return given;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SfCognitoSso.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Cannot find the repository root (SfCognitoSso.sln) above " + AppContext.BaseDirectory);
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var output = Path.Combine(Path.GetTempPath(), $"sfsso-functions-{Environment.ProcessId}");
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root.FullName, "src", "Hosts", "Functions"), "-c", configuration, "--no-build", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start)!;
        var text = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish src/Hosts/Functions failed: {text.Result} {errors}");
        }

        return output;
    }
}
