using Microsoft.Extensions.Hosting;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// Ends the Pub/Sub stand-in's open subscriptions when the host begins to stop its services. The server waits for open
/// streams when it stops, so a stream that outlived Ctrl-C would hold the stack up until the shutdown timeout. Not on
/// ApplicationStopping: a subscriber in the same process stops reading on that signal, and a stream ended in the same
/// instant raced it and was reported as a fault ("subscribes again"). The host calls StoppingAsync after every
/// ApplicationStopping callback has run and before any service (the server included) is stopped.
/// </summary>
public sealed class PubSubStreamsEnd : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource ending = new();

    public CancellationToken Token => ending.Token;

    public Task StoppingAsync(CancellationToken cancellationToken) => ending.CancelAsync();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => ending.Dispose();
}
