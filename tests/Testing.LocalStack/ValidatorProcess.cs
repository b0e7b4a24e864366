using System.Collections.Concurrent;
using System.Diagnostics;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>One instance of the validator: the Kestrel host as a process of its own, its stdout kept line by line.</summary>
public sealed class ValidatorProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> awaited = [];
    private bool disposed;

    private ValidatorProcess(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        var port = Loopback.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SfCognitoSso.Hosts.Kestrel.dll"), "--urls", Url.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Heard(line.Data);
        process.ErrorDataReceived += (_, line) => Heard(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri Url { get; }

    public bool Running => !disposed && !process.HasExited;

    public IReadOnlyCollection<string> Lines => lines;

    public static async Task<ValidatorProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var instance = new ValidatorProcess(name, environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (!instance.Running)
            {
                throw new InvalidOperationException($"{name} exited at start-up:\n{string.Join('\n', instance.lines)}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri(instance.Url, "healthz"));
                if (health.IsSuccessStatusCode)
                {
                    return instance;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: readiness is polled, not waited for.
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        instance.Dispose();
        throw new TimeoutException($"{name} did not answer /healthz within 90 s.");
    }

    /// <summary>Completes when a line containing <paramref name="text"/> is printed (or has been).</summary>
    public Task WhenLoggedAsync(string text)
    {
        lock (awaited)
        {
            if (lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            awaited.Add((text, seen));
            return seen.Task;
        }
    }

    /// <summary>SIGKILL: no shutdown, no lease given back — as a crashed or recycled instance.</summary>
    public void KillHard()
    {
        if (Running)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    private void Heard(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        lock (awaited)
        {
            foreach (var (text, seen) in awaited.Where(entry => line.Contains(entry.Text, StringComparison.Ordinal)).ToList())
            {
                seen.TrySetResult();
                awaited.Remove((text, seen));
            }
        }
    }

    public void Dispose()
    {
        KillHard();
        if (!disposed)
        {
            disposed = true;
            process.Dispose();
        }
    }
}
