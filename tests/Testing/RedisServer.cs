using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SfCognitoSso.Testing;

/// <summary>A real redis-server (Debian's package; .ci/run installs it) on a free loopback port, for one test class.
/// Stopped by PID on dispose.</summary>
public sealed class RedisServer : IDisposable
{
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private Process process;

    public RedisServer()
    {
        Port = Loopback.FreePort();
        process = Launch();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Stops it as a crash would (SIGKILL): nothing saved, connections dropped.</summary>
    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Starts it again on the same port, empty — as a Redis without persistence comes back.</summary>
    public void StartAgain()
    {
        Stop();
        process.Dispose();
        process = Launch();
    }

    private Process Launch()
    {
        var binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run .ci/run, or apt-get install redis-server.");
        var started = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "yes" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        started.OutputDataReceived += (_, _) => { };
        started.BeginOutputReadLine();
        WaitUntilReady(started);
        return started;
    }

    /// <summary>Every key in the database (KEYS *), read over the wire protocol.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync("*2\r\n$4\r\nKEYS\r\n$1\r\n*\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var header = await reader.ReadLineAsync() ?? throw new InvalidOperationException("redis closed the connection.");
        var count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await reader.ReadLineAsync();
            keys.Add(await reader.ReadLineAsync() ?? string.Empty);
        }

        return keys;
    }

    /// <summary>Commands the server has run since it started or since <see cref="ResetStatsAsync"/>: the sum of
    /// INFO commandstats' calls (what a client costs Redis, counted by Redis).</summary>
    public async Task<long> CommandsAsync()
    {
        var info = await CommandAsync("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n", bulk: true);
        return info.Split('\n')
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal))
            .Sum(line => long.Parse(line.Split("calls=", 2)[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The commands the server has run since it started or since <see cref="ResetStatsAsync"/>, by name
    /// (lower case, as INFO commandstats names them).</summary>
    public async Task<IReadOnlyList<string>> CommandNamesAsync()
    {
        var info = await CommandAsync("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n", bulk: true);
        return [.. info.Split('\n')
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal))
            .Select(line => line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)])];
    }

    /// <summary>CONFIG RESETSTAT: commandstats count from zero again.</summary>
    public Task ResetStatsAsync() => CommandAsync("*2\r\n$6\r\nCONFIG\r\n$9\r\nRESETSTAT\r\n", bulk: false);

    private async Task<string> CommandAsync(string command, bool bulk)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var header = await reader.ReadLineAsync() ?? throw new InvalidOperationException("redis closed the connection.");
        if (!bulk || header.StartsWith('-'))
        {
            return header.StartsWith('-') ? throw new InvalidOperationException($"redis: {header}") : header;
        }

        var buffer = new char[int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)];
        var read = 0;
        while (read < buffer.Length)
        {
            var now = await reader.ReadAsync(buffer.AsMemory(read));
            read += now > 0 ? now : throw new InvalidOperationException("redis closed the connection.");
        }

        return new string(buffer);
    }

    /// <summary>Returns once <paramref name="count"/> validator instances share the rate limits and each has synced
    /// since the last of them joined, so each counts the others (the limits' live set: member = instance, score = its
    /// last sync in Unix ms).</summary>
    public async Task WhenInstancesKnowEachOtherAsync(int count, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        long? allThereAt = null;
        while (deadline.Elapsed < patience)
        {
            var lastSyncs = await ScoresAsync("sfcognitosso:ratelimit:{v2}:instances");
            if (lastSyncs.Count >= count)
            {
                allThereAt ??= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (lastSyncs.Values.All(lastSync => lastSync > allThereAt))
                {
                    return;
                }
            }

            await Task.Delay(50); // polling a condition: the instances sync on their own clock
        }

        throw new TimeoutException($"{count} instances did not all sync the rate limits within {patience}.");
    }

    /// <summary>A sorted set's members and scores (ZRANGE … WITHSCORES).</summary>
    public async Task<IReadOnlyDictionary<string, double>> ScoresAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"*5\r\n$6\r\nZRANGE\r\n${Encoding.UTF8.GetByteCount(key)}\r\n{key}\r\n$1\r\n0\r\n$2\r\n-1\r\n$10\r\nWITHSCORES\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var header = await reader.ReadLineAsync() ?? throw new InvalidOperationException("redis closed the connection.");
        var count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < count / 2; i++)
        {
            await reader.ReadLineAsync();
            var member = await reader.ReadLineAsync() ?? string.Empty;
            await reader.ReadLineAsync();
            scores[member] = double.Parse(await reader.ReadLineAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        }

        return scores;
    }

    /// <summary>Deletes these keys (DEL), as an eviction or an operator would: how many existed.</summary>
    public async Task<int> DeleteAsync(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        await using var stream = client.GetStream();
        var command = new StringBuilder($"*{keys.Count + 1}\r\n$3\r\nDEL\r\n");
        foreach (var key in keys)
        {
            command.Append(System.Globalization.CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(key)}\r\n{key}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadLineAsync() ?? throw new InvalidOperationException("redis closed the connection.");
        return int.Parse(answer.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void WaitUntilReady(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            }

            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                var read = stream.Read(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet; poll again (readiness, not timing).
            }

            Thread.Yield();
        }

        throw new InvalidOperationException("redis-server did not answer PING within 10 s.");
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }
}
