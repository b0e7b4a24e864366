using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SfCognitoSso.FunctionsHost;

/// <summary>
/// The app's <c>worker.config.json</c> (written by the Worker SDK at build): which language, which executable, which
/// worker file. The host starts the worker from it.
/// </summary>
public sealed record WorkerConfig(string Language, string Executable, string WorkerPath)
{
    /// <summary>The largest gRPC message, as the host passes it.</summary>
    public const int MaxMessageLength = int.MaxValue;

    public static WorkerConfig Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: --app must be the output of dotnet publish of a Functions worker project.", path);
        }

        var description = JsonNode.Parse(File.ReadAllText(path))?["description"]
            ?? throw new InvalidDataException($"{path} has no description.");
        var language = description["language"]?.GetValue<string>() ?? string.Empty;
        if (language != "dotnet-isolated")
        {
            throw new InvalidDataException($"{path} describes a '{language}' worker; the stand-in runs dotnet-isolated workers.");
        }

        return new WorkerConfig(
            language,
            description["defaultExecutablePath"]?.GetValue<string>() ?? "dotnet",
            description["defaultWorkerPath"]?.GetValue<string>() ?? throw new InvalidDataException($"{path} names no defaultWorkerPath."));
    }

    /// <summary>
    /// The worker process with the host's command line (both the legacy switches and the <c>--functions-</c> ones) and
    /// environment: the host's own environment (app settings are environment variables on Azure), the worker runtime,
    /// the script root and the worker and application directories.
    /// </summary>
    public Process Start(string appDirectory, Uri grpcUri, string workerId, IReadOnlyDictionary<string, string?> appSettings, WorkerLog log)
    {
        ArgumentNullException.ThrowIfNull(grpcUri);
        ArgumentNullException.ThrowIfNull(appSettings);
        ArgumentNullException.ThrowIfNull(log);
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(appDirectory, WorkerPath),
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", MaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", MaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = Language;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        if (string.IsNullOrEmpty(start.Environment.TryGetValue("AZURE_FUNCTIONS_ENVIRONMENT", out var environment) ? environment : null))
        {
            start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
        }

        foreach (var (name, value) in appSettings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => log.AddConsole("stdout", line.Data);
        process.ErrorDataReceived += (_, line) => log.AddConsole("stderr", line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {Executable}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
