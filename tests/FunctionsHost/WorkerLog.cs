using System.Collections.Concurrent;
using SfCognitoSso.FunctionsHost.Rpc;

namespace SfCognitoSso.FunctionsHost;

/// <summary>
/// Everything the worker said: its <c>RpcLog</c> messages (message, exception and property bag) and its console
/// output, one line each, in arrival order, so a scan for secrets covers every path a log can take to the host.
/// </summary>
public sealed class WorkerLog
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Called with each line as it arrives (the command line tool prints them).</summary>
    public Action<string>? Echo { get; init; }

    public IReadOnlyList<string> Lines => [.. lines];

    public int RpcLogCount { get; private set; }

    public void Add(RpcLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        RpcLogCount++;
        var exception = log.Exception is null ? string.Empty : $" {log.Exception.Type}: {log.Exception.Message} {log.Exception.StackTrace}";
        Append($"[rpc {log.Level} {log.Category}] {log.Message}{exception} {log.Properties}".TrimEnd());
    }

    public void AddConsole(string stream, string? line)
    {
        if (line is not null)
        {
            Append($"[{stream}] {line}");
        }
    }

    public void AddHost(string line) => Append($"[host] {line}");

    private void Append(string line)
    {
        lines.Enqueue(line);
        Echo?.Invoke(line);
    }
}
