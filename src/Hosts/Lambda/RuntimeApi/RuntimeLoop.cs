using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda.RuntimeApi;

/// <summary>
/// next → handle → response, for ever. A handler fault is reported through <c>/error</c> and the loop goes on; a
/// response the API refuses as too large is reported through <c>/error</c>; a 500 from the API (non-recoverable)
/// or a broken connection ends the process with a non-zero exit code, as the spec asks. <c>afterAnswer</c> is told of
/// each event once its answer is out (to warm what later events need) until it says it is done.
/// </summary>
public sealed partial class RuntimeLoop(
    RuntimeApiClient api,
    Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<byte[]>> handler,
    TimeProvider timeProvider,
    Lazy<ILogger> log,
    Func<ReadOnlyMemory<byte>, bool>? afterAnswer = null)
{
    private Func<ReadOnlyMemory<byte>, bool>? answered = afterAnswer;

    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    // Created on first use: define and create never log on the happy path, so their cold start skips it.
    private ILogger Logger => log.Value;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var invocation = await api.NextAsync(stop).ConfigureAwait(false);
                if (await HandleAsync(invocation, stop).ConfigureAwait(false) == PostOutcome.Fatal)
                {
                    LogFatal("the Runtime API answered 500");
                    return 1;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0;
            }
#pragma warning disable CA1031 // Any failure to talk to the Runtime API ends the runtime; Lambda starts a new one.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFatal(exception is RuntimeApiException ? exception.Message : exception.GetType().Name);
                return 1;
            }
        }

        return 0;
    }

    private async Task<PostOutcome> HandleAsync(Invocation invocation, CancellationToken stop)
    {
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stop);

        byte[] output;
        try
        {
            var pending = handler(invocation.Event, linked.Token);
            if (!pending.IsCompleted && invocation.Deadline is { } at)
            {
                // Armed only when the handler waits (verify's outbound calls): define, create and pre token generation
                // answer at once, and a process's first timer starts a thread, a cost on every cold start.
                deadline.CancelAfter(Max(at - timeProvider.GetUtcNow(), TimeSpan.Zero));
            }

            output = await pending.ConfigureAwait(false);
        }
        catch (TriggerEventException invalid)
        {
            return await ReportAsync(invocation.RequestId, "Function.InvalidEvent", invalid.Message, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return await ReportAsync(invocation.RequestId, "Function.Timeout", "The handler ran past the invocation deadline.", stop).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A fault is the invocation's error, not the runtime's; its message may hold anything, so only its type goes out.
        catch (Exception exception) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return await ReportAsync(invocation.RequestId, "Function.Unhandled", $"The handler failed ({exception.GetType().Name}).", stop).ConfigureAwait(false);
        }

        var outcome = await api.RespondAsync(invocation.RequestId, output, stop).ConfigureAwait(false);
        if (answered is { } then && then(invocation.Event))
        {
            answered = null;
        }

        return outcome == PostOutcome.PayloadTooLarge
            ? await ReportAsync(invocation.RequestId, "Function.ResponseSizeTooLarge", "The response is larger than Lambda accepts.", stop).ConfigureAwait(false)
            : outcome;
    }

    private async Task<PostOutcome> ReportAsync(string requestId, string errorType, string message, CancellationToken stop)
    {
        LogInvocationError(errorType);
        return await api.ReportErrorAsync(requestId, errorType, message, stop).ConfigureAwait(false);
    }

    private static TimeSpan Max(TimeSpan left, TimeSpan right) => left > right ? left : right;

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation failed: {ErrorType}")]
    private partial void LogInvocationError(string errorType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Runtime stopping: {Reason}")]
    private partial void LogFatal(string reason);
}
