using System.Runtime.InteropServices;
using SfCognitoSso.FunctionsHost;

// dotnet run --project tests/FunctionsHost -- --app <published Functions folder> --port <port>
// Passes its own environment to the worker as app settings, prints one line when the worker is loaded, prints the
// worker's logs, and exits when the worker dies (with its exit code) or on Ctrl-C (after stopping the worker).
string? app = null;
var port = 7071;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--app" when i + 1 < args.Length:
            app = args[++i];
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed is > 0 and < 65536:
            port = parsed;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: FunctionsHost --app <published Functions folder> [--port <port>]");
            return 2;
    }
}

if (app is null)
{
    Console.Error.WriteLine("usage: FunctionsHost --app <published Functions folder> [--port <port>]");
    return 2;
}

using var stopping = new CancellationTokenSource();
// Ctrl-C and SIGTERM stop the worker first, then the stand-in (as the host does on shutdown), instead of ending the
// process at once and leaving the worker behind.
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stopping.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

FunctionsHostStandIn standIn;
try
{
    standIn = await FunctionsHostStandIn.StartAsync(new StandInOptions(app, port) { Echo = Console.WriteLine }, stopping.Token);
}
catch (Exception exception) when (exception is InvalidOperationException or IOException or InvalidDataException or TimeoutException or OperationCanceledException)
{
    Console.Error.WriteLine($"Functions host stand-in: the worker did not load: {exception.Message}");
    return 1;
}

await using (standIn)
{
    Console.WriteLine($"Functions host stand-in: worker loaded (pid {standIn.WorkerProcessId}), {standIn.Functions.Count} functions at {standIn.Url}: "
        + string.Join(", ", standIn.Functions.Select(function => $"{string.Join('|', function.Methods)} {function.Route}")));
    var stopped = Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => -1, TaskScheduler.Default);
    var ended = await Task.WhenAny(standIn.WorkerExited, stopped);
    if (ended == standIn.WorkerExited)
    {
        var code = await standIn.WorkerExited;
        Console.Error.WriteLine($"Functions host stand-in: the worker exited with code {code}.");
        return code == 0 ? 1 : code;
    }
}

return 0;
