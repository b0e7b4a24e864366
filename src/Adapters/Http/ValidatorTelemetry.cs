using System.Diagnostics.Metrics;

namespace SfCognitoSso.Adapters.Http;

/// <summary>Validator requests by outcome code (<c>ok</c> or the problem code), under meter <see cref="Name"/>.</summary>
public sealed class ValidatorTelemetry
{
    public const string Name = "SfCognitoSso.Validator";

    private readonly Counter<long> requests;

    public ValidatorTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        requests = meterFactory.Create(Name).CreateCounter<long>(
            "sfcognitosso.validator.requests", unit: "{request}", description: "Session validation requests by outcome code.");
    }

    public void Count(string code) => requests.Add(1, new KeyValuePair<string, object?>("code", code));
}
