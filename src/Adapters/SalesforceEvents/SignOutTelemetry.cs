using System.Diagnostics.Metrics;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary><c>sfsso.signout.events</c>, by topic and outcome (signed_out, not_trusted, unknown_user, no_sign_out,
/// not_found, malformed, failed, parked, throttled, still_active, gap_overflow), <c>sfsso.signout.reconnects</c> by reason, and <c>sfsso.signout.replay_store_faults</c>
/// by operation (read, write, removal, tampered), and <c>sfsso.signout.lag</c> (seconds from the event's time to acting
/// on it) by topic.</summary>
public sealed class SignOutTelemetry
{
    public const string Name = "SfCognitoSso.SalesforceEvents";

    private readonly Counter<long> events;
    private readonly Counter<long> reconnects;
    private readonly Counter<long> replayStoreFaults;
    private readonly Histogram<double> lag;

    public SignOutTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        events = meter.CreateCounter<long>("sfsso.signout.events", description: "Salesforce events read for single sign-out, by outcome");
        reconnects = meter.CreateCounter<long>("sfsso.signout.reconnects", description: "Pub/Sub subscriptions started again, by reason");
        lag = meter.CreateHistogram<double>("sfsso.signout.lag", unit: "s", description: "From the event's time in Salesforce to single sign-out acting on it");
        replayStoreFaults = meter.CreateCounter<long>("sfsso.signout.replay_store_faults", description: "Shared replay store operations that failed (positions then kept in process), by operation");
    }

    public void Event(string topic, string outcome) =>
        events.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("outcome", outcome));

    public void Reconnect(string reason) => reconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Lag(string topic, TimeSpan behind) =>
        lag.Record(Math.Max(0, behind.TotalSeconds), new KeyValuePair<string, object?>("topic", topic));

    public void ReplayStoreFault(string operation) => replayStoreFaults.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
