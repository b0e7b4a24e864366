using System.Diagnostics.Metrics;

namespace SfCognitoSso.Adapters.Http;

/// <summary>Requests to both session-carrying endpoints by route and outcome code (<c>ok</c> or the problem code of
/// the failure table, the token exchange's included), under the meter <see cref="Name"/> (OpenTelemetry: AddMeter
/// with this name). Tags never hold the session.</summary>
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
            "sfcognitosso.validator.requests", unit: "{request}", description: "Session validation and token exchange requests by route and outcome code.");
    }

    public void Count(string route, string code) =>
        requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("code", code));

    public void Dispose() => meter.Dispose();
}
