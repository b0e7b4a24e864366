using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>
/// Single sign-out's own count of the events it handled (<c>sfsso.signout.events</c>), listened to as it happens: a
/// test awaits the sign-out (outcome <c>signed_out</c>) instead of sleeping, and can read every outcome in order.
/// Start it before the logout.
/// </summary>
public sealed class SignOutWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Channel<string> signedOut = Channel.CreateUnbounded<string>();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> outcomes = new();

    /// <param name="host">Whose count (its meter factory's): test classes run their hosts side by side in one
    /// process, and a watch that heard them all would take another host's sign-out for its own.</param>
    public SignOutWatch(IServiceProvider host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var scope = host.GetService(typeof(IMeterFactory));
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == Adapters.SalesforceEvents.SignOutTelemetry.Name && instrument.Name == "sfsso.signout.events"
                && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? topic = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                (topic, outcome) = tag.Key switch
                {
                    "topic" => (tag.Value as string, outcome),
                    "outcome" => (topic, tag.Value as string),
                    _ => (topic, outcome),
                };
            }

            outcomes.Enqueue(outcome ?? string.Empty);
            if (outcome == "signed_out")
            {
                signedOut.Writer.TryWrite(topic ?? string.Empty);
            }
        });
        listener.Start();
    }

    /// <summary>Every event's outcome so far, in order (<c>signed_out</c>, <c>malformed</c>, <c>no_sign_out</c>, …).</summary>
    public IReadOnlyCollection<string> Outcomes => outcomes;

    /// <summary>The topic of the next sign-out. The timeout only keeps a broken stack from hanging the run.</summary>
    public async Task<string> NextAsync() => await signedOut.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public void Dispose() => listener.Dispose();
}
