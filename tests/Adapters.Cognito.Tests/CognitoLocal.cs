using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>
/// cognito-local 5.3.0 (npm, installed by .ci/run into tools/cognito-local) on a free loopback port, started once
/// for the test run from a scratch directory whose .cognito/config.json allows plain usernames, and stopped by PID.
/// </summary>
public sealed class CognitoLocal : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process process;
    private readonly string workingDirectory;

    public CognitoLocal()
    {
        var startScript = FindStartScript();
        workingDirectory = Directory.CreateTempSubdirectory("cognito-local-").FullName;
        Directory.CreateDirectory(Path.Combine(workingDirectory, ".cognito"));
        File.WriteAllText(
            Path.Combine(workingDirectory, ".cognito", "config.json"),
            """{"UserPoolDefaults":{"UsernameAttributes":[]}}""");
        Port = Testing.Loopback.FreePort();
        var start = new ProcessStartInfo("node", [startScript])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = Process.Start(start) ?? throw new InvalidOperationException("node did not start cognito-local.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A fresh, empty pool with the product's custom attributes, so every test starts clean.</summary>
    public async Task<string> CreateUserPoolAsync()
    {
        var response = await CallAsync("CreateUserPool", $$"""
            {"PoolName":"sfcognitosso-{{Guid.NewGuid():N}}","Schema":[
              {"Name":"sf_org_id","AttributeDataType":"String","Mutable":true},
              {"Name":"sf_user_id","AttributeDataType":"String","Mutable":true}]}
            """);
        return response["UserPool"]!["Id"]!.GetValue<string>();
    }

    /// <summary>An unsigned call straight to the emulator, for arranging and inspecting (not the adapter under test).</summary>
    public async Task<JsonNode> CallAsync(string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"cognito-local {operation}: {(int)response.StatusCode} {body}");
        }

        return JsonNode.Parse(body)!;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        Directory.Delete(workingDirectory, recursive: true);
    }

    private static string FindStartScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "tools", "cognito-local", "node_modules", "cognito-local", "lib", "bin", "start.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException(
            "cognito-local is not installed: run `npm ci --prefix tools/cognito-local` (bash .ci/run does).");
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"cognito-local exited with code {process.ExitCode}.");
            }

            try
            {
                using var probe = new TcpClient("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet; poll again (readiness, not timing).
                Thread.Yield();
            }
        }

        throw new InvalidOperationException("cognito-local did not listen within 30 s.");
    }
}

[CollectionDefinition(Name)]
public sealed class CognitoLocalCollection : ICollectionFixture<CognitoLocal>
{
    public const string Name = "cognito-local";
}
