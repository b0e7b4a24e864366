using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Validations by outcome and Salesforce latency, under the meter and activity source
/// <see cref="Name"/> (OpenTelemetry: AddMeter / AddSource with this name). Tags never hold the session.</summary>
public sealed class SalesforceTelemetry : IDisposable
{
    public const string Name = "SfCognitoSso.Salesforce";

    internal static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;
    private readonly Counter<long> validations;
    private readonly Histogram<double> duration;

    public SalesforceTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(Name);
        validations = meter.CreateCounter<long>(
            "sfcognitosso.salesforce.validations", unit: "{validation}", description: "Session validations by outcome.");
        duration = meter.CreateHistogram<double>(
            "sfcognitosso.salesforce.duration", unit: "s", description: "Time spent asking Salesforce about a session.");
    }

    internal void Record(string orgId, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "sf.org_id", orgId }, { "outcome", outcome } };
        validations.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Dispose() => meter.Dispose();
}
