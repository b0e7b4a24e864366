using System.Diagnostics.Metrics;

namespace SfCognitoSso.Adapters.Http;

/// <summary>Validator requests by outcome code (<c>ok</c> or the problem code), under the meter <see cref="Name"/>
/// (OpenTelemetry: AddMeter with this name). Tags never hold the session.</summary>
public sealed class ValidatorTelemetry : IDisposable
{
    public const string Name = "SfCognitoSso.Validator";

    private readonly Meter meter;
    private readonly Counter<long> requests;

    public ValidatorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(Name);
        requests = meter.CreateCounter<long>(
            "sfcognitosso.validator.requests", unit: "{request}", description: "Session validation requests by outcome code.");
    }

    public void Count(string code) => requests.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Dispose() => meter.Dispose();
}
