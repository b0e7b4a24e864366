using Microsoft.Extensions.DependencyInjection;
using Polly.Telemetry;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>How the HTTP resilience pipelines (Salesforce's, Cognito's) log.</summary>
public static class ResilienceLogging
{
    /// <summary>
    /// Polly logs every execution attempt at Information, one line per outbound call, 4xx answers included: noise in a
    /// healthy start and a Lambda's logs. A plain attempt goes to Debug; a retried or failed one keeps its Warning.
    /// </summary>
    public static IServiceCollection LogPlainAttemptsAtDebug(this IServiceCollection services) =>
        services.Configure<TelemetryOptions>(static options => options.SeverityProvider = static arguments =>
            arguments.Event.Severity == ResilienceEventSeverity.Information && arguments.Event.EventName == "ExecutionAttempt"
                ? ResilienceEventSeverity.Debug
                : arguments.Event.Severity);
}
