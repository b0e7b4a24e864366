using System.Diagnostics;

namespace SfCognitoSso.Cli.Tests;

/// <summary>Runs the built <c>sfsso</c> as a child process, with given standard input and environment.</summary>
internal static class CliProcess
{
    private static readonly string Dll = Locate();

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? stdin = null, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SFSSO_SESSION");
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await errors);
    }

    private static string Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SfCognitoSso.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(directory!.FullName, "src", "Cli", "bin", configuration, "net10.0", "sfsso.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Cli first.", dll);
    }
}
