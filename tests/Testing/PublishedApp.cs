using System.Diagnostics;

namespace SfCognitoSso.Testing;

/// <summary>
/// The <c>dotnet publish</c> output of a project, as a deployment gets it: the folder named by an environment variable
/// when CI published it already, else published from this build into a temporary folder (<c>--no-build</c>, so
/// nothing is compiled under the tests' feet).
/// </summary>
public static class PublishedApp
{
    public static string Of(string projectPath, string environmentVariable)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var output = Path.Combine(Path.GetTempPath(), $"sfsso-publish-{Environment.ProcessId}-{Path.GetFileName(projectPath)}");
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, projectPath), "-c", configuration, "--no-build", "-o", output])
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
            throw new InvalidOperationException($"dotnet publish {projectPath} failed: {text.Result} {errors}");
        }

        return output;
    }

    /// <summary>The folder holding SfCognitoSso.sln, above the test's own output folder.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SfCognitoSso.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (SfCognitoSso.sln) above " + AppContext.BaseDirectory);
    }
}
