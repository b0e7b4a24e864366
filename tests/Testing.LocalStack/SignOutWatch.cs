using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>
/// Single sign-out's own count of users signed out (<c>sfsso.signout.events</c>, outcome <c>signed_out</c>), listened
/// to as it happens: a test awaits the sign-out instead of sleeping. Start it before the logout.
/// </summary>
public sealed class SignOutWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Channel<string> signedOut = Channel.CreateUnbounded<string>();

    public SignOutWatch()
    {
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == "SfCognitoSso.SalesforceEvents" && instrument.Name == "sfsso.signout.events")
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

            if (outcome == "signed_out")
            {
                signedOut.Writer.TryWrite(topic ?? string.Empty);
            }
        });
        listener.Start();
    }

    /// <summary>The topic of the next sign-out. The timeout only keeps a broken stack from hanging the run.</summary>
    public async Task<string> NextAsync() => await signedOut.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public void Dispose() => listener.Dispose();
}
