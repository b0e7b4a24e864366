using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Composition;
using SfCognitoSso.Hosts.Lambda.RuntimeApi;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// What the process does: with <c>AWS_LAMBDA_RUNTIME_API</c> set it is a custom runtime serving the trigger named by
/// <c>_HANDLER</c>; with <c>invoke &lt;trigger&gt;</c> it runs one event from stdin and prints the reply.
/// </summary>
public static class LambdaEntryPoint
{
    public const int Malformed = TriggerInvocation.Malformed;

    private const string Usage = TriggerInvocation.Usage;

    public static async Task<int> RunAsync(string[] args, Stream input, Stream output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(errors);
        var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (!string.IsNullOrEmpty(runtimeApi))
        {
            return await RunRuntimeAsync(
                runtimeApi, Environment.GetEnvironmentVariable("_HANDLER"), LambdaComposition.ConfigurationFromEnvironment(),
                errors, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }

        if (args is ["invoke", var trigger])
        {
            return await InvokeAsync(trigger, input, output, errors, LambdaComposition.ConfigurationFromEnvironment()).ConfigureAwait(false);
        }

        TriggerInvocation.WriteError(errors, "usage", Usage);
        return Malformed;
    }

    public static async Task<int> RunRuntimeAsync(
        string runtimeApi, string? handlerName, IConfiguration configuration, TextWriter logOutput, TimeProvider timeProvider, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var api = new RuntimeApiClient(http, runtimeApi);
        if (!CognitoTriggerNames.TryParseSelection(handlerName, out var triggers))
        {
            await api.ReportInitErrorAsync("Runtime.UnknownHandler", $"_HANDLER must name a trigger, or {CognitoTriggerNames.Any}. {Usage}", stop).ConfigureAwait(false);
            return 1;
        }

        ServiceProvider provider;
        try
        {
            provider = LambdaComposition.Build(triggers, configuration, logOutput);
        }
#pragma warning disable CA1031 // Every start-up failure is reported to Lambda the same way, then the process exits.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await api.ReportInitErrorAsync("Runtime.InvalidConfiguration", TriggerComposition.Describe(exception), stop).ConfigureAwait(false);
            return 1;
        }

        await using (provider.ConfigureAwait(false))
        {
            var handler = provider.GetRequiredService<CognitoTriggerHandler>();
            var logger = new Lazy<ILogger>(() => provider.GetRequiredService<ILoggerFactory>().CreateLogger("SfCognitoSso.Hosts.Lambda.Runtime"));

            // Provisioned concurrency initialises ahead of traffic, and Lambda freezes the environment at the first
            // /next: first-use costs (Verify's adapter, the mediator, validators) are paid here, off the request path.
            // On demand the event is already waiting when /next is first called, so warming the paths the event
            // does not take only delays it (docs/benchmarks.md).
            if (PrimingEvent.PaysOff(configuration))
            {
                try
                {
                    TriggerComposition.ComposeDeferred(provider);
                }
#pragma warning disable CA1031 // Warming is an optimisation: the first verify event composes it again and reports a fault.
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                await PrimingEvent.RunAsync(handler, triggers).ConfigureAwait(false);
            }
            // On demand, a function for every trigger answers define and create back to back, and verify comes only
            // after the challenge has gone to the client and back: once create's answer is out, verify's first-use
            // costs (its mediator pipeline, the ticket keys and the crypto library behind them, the ticket parser:
            // about 4.5 ms) are paid on another thread in that wait, not on verify's path — nor beside define or
            // create, which they would slow.
            Func<ReadOnlyMemory<byte>, bool>? afterAnswer = !PrimingEvent.PaysOff(configuration) && triggers.Count > 1 && triggers.Contains(CognitoTrigger.VerifyAuthChallenge)
                ? answeredEvent => TriggerSources.Of(answeredEvent.Span) switch
                {
                    CognitoTrigger.CreateAuthChallenge => WarmVerify(handler, provider),
                    CognitoTrigger.VerifyAuthChallenge => true, // it has paid its first use itself
                    _ => false,
                }
                : null;
            RuntimeLoop loop = triggers.Count == 1
                ? new(api, (payload, cancellationToken) => handler.HandleAsync(triggers[0], payload, cancellationToken), timeProvider, logger)
                : new(api, handler.HandleAnyAsync, timeProvider, logger, afterAnswer);
            return await loop.RunAsync(stop).ConfigureAwait(false);
        }
    }

    private static bool WarmVerify(CognitoTriggerHandler handler, IServiceProvider provider)
    {
        _ = Task.Run(() => PrimingEvent.WarmVerifyAsync(handler, provider), CancellationToken.None);
        return true;
    }

    /// <summary>Runs one event through the shared <see cref="TriggerInvocation"/>, with this host's composition.</summary>
    public static Task<int> InvokeAsync(string triggerName, Stream input, Stream output, TextWriter errors, IConfiguration configuration) =>
        TriggerInvocation.RunAsync(triggerName, input, output, errors, triggers => LambdaComposition.Build(triggers, configuration, errors));
}
