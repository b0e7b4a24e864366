using Google.Protobuf;
using Grpc.Core;
using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.SalesforceEvents.PubSub;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using PubSubClient = SfCognitoSso.Adapters.SalesforceEvents.PubSub.PubSub.PubSubClient;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// One org's subscription to one topic, for as long as the host runs: Subscribe with flow control (asks for a batch,
/// asks again as it is used up), each event's schema from GetSchema, each event handed to Core's SignOutUser, the
/// replay position stored after each event (and each keepalive's latest replay ID). It starts again after any
/// failure — with a new token after UNAUTHENTICATED, after a jittered exponential backoff otherwise — and from the
/// stored position, so nothing is missed; an event whose sign-out failed (the directory down) is delivered again.
/// A malformed event is skipped and counted; the subscription goes on.
/// </summary>
public sealed partial class TopicSubscription(
    TrustedOrg org,
    OrgEventsSettings credentials,
    string topic,
    PubSubClient client,
    OrgAccessTokens tokens,
    EventSchemas schemas,
    ReplayPositions replays,
    ISender mediator,
    SignOutEventsOptions options,
    SignOutTelemetry telemetry,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private bool resumed;

    // The token the open stream was given: refused, it alone is dropped.
    private OrgAccess? access;

    /// <summary>Runs until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            string reason;
            try
            {
                if (await SubscribeOnceAsync(stopping).ConfigureAwait(false))
                {
                    failures = 0;
                }

                reason = "stream_ended";
            }
            catch (Exception exception) when (exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } && stopping.IsCancellationRequested)
            {
                // The host is stopping: the cancelled call ends the loop.
                return;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.Unauthenticated)
            {
                // The token expired or was revoked: a new one, at once the first time.
                Invalidate();
                reason = "unauthenticated";
            }
            catch (RpcException unknown) when (unknown.StatusCode == StatusCode.InvalidArgument && resumed)
            {
                // A stored replay ID Salesforce no longer knows (older than its retention): start from the latest.
                await replays.ForgetAsync(org.OrgId, topic, stopping).ConfigureAwait(false);
                LogReplayForgotten(org.OrgId.Value, topic);
                reason = "replay_unknown";
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // Whatever went wrong, the subscription must outlive it: a background loop that died would end
                // single sign-out silently. The reason is logged; the event that failed is delivered again.
                reason = exception switch
                {
                    SignOutNotDoneException => "sign_out_failed",
                    OperationCanceledException => "idle",
                    RpcException rpc => rpc.StatusCode.ToString(),
                    _ => exception.GetType().Name,
                };
            }

            if (stopping.IsCancellationRequested)
            {
                // The host stopped while the stream ended or failed: that is the stop, not a fault to report.
                return;
            }

            telemetry.Reconnect(reason);
            var delay = reason == "unauthenticated" && failures == 0 ? TimeSpan.Zero : Backoff(failures);
            failures++;
            LogResubscribing(org.OrgId.Value, topic, reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Exponential from one second to <c>SignOut__MaxBackoffSeconds</c>, each wait drawn from its upper half,
    /// so many instances restarting together do not reconnect in step.</summary>
    private TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(options.MaxBackoffSeconds, FirstBackoff.TotalSeconds * Math.Pow(2, Math.Min(failures, 16)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    /// <returns>True when the stream delivered anything (the backoff starts over).</returns>
    private async Task<bool> SubscribeOnceAsync(CancellationToken stopping)
    {
        var headers = await HeadersAsync(stopping).ConfigureAwait(false);
        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(options.IdleTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token);
        using var call = client.Subscribe(headers, cancellationToken: linked.Token);

        var stored = await replays.GetAsync(org.OrgId, topic, stopping).ConfigureAwait(false);
        resumed = stored is not null;
        await call.RequestStream.WriteAsync(new FetchRequest
        {
            TopicName = topic,
            ReplayPreset = stored is null ? ReplayPreset.Latest : ReplayPreset.Custom,
            ReplayId = stored is null ? ByteString.Empty : ByteString.CopyFrom(stored),
            NumRequested = options.BatchSize,
        }, linked.Token).ConfigureAwait(false);

        var delivered = false;
        var outstanding = options.BatchSize;
        while (await call.ResponseStream.MoveNext(linked.Token).ConfigureAwait(false))
        {
            idle.CancelAfter(TimeSpan.FromSeconds(options.IdleTimeoutSeconds));
            delivered = true;
            var response = call.ResponseStream.Current;
            foreach (var received in response.Events)
            {
                headers = await HandleWithRetriesAsync(received, headers, stopping).ConfigureAwait(false);
                await replays.SetAsync(org.OrgId, topic, received.ReplayId.ToByteArray(), stopping).ConfigureAwait(false);
                outstanding--;
            }

            if (response.Events.Count == 0 && !response.LatestReplayId.IsEmpty)
            {
                // A keepalive: nothing new up to here, so a restart need not go back further.
                await replays.SetAsync(org.OrgId, topic, response.LatestReplayId.ToByteArray(), stopping).ConfigureAwait(false);
            }

            if (outstanding <= options.BatchSize / 2)
            {
                await call.RequestStream.WriteAsync(new FetchRequest { NumRequested = options.BatchSize - outstanding }, linked.Token).ConfigureAwait(false);
                outstanding = options.BatchSize;
            }
        }

        return delivered;
    }

    private async Task<Metadata> HeadersAsync(CancellationToken stopping)
    {
        access = await tokens.GetAsync(org, credentials, stopping).ConfigureAwait(false);
        return new Metadata
        {
            { "accesstoken", access.AccessToken },
            { "instanceurl", access.InstanceUrl },
            { "tenantid", access.TenantId },
        };
    }

    private void Invalidate()
    {
        if (access is not null)
        {
            tokens.Invalidate(org.OrgId, access);
        }
    }

    /// <summary>
    /// Handles the event on the open stream, trying again in place when its schema cannot be read (a new token after
    /// UNAUTHENTICATED) or the directory cannot sign the user out, so an event is never skipped for a passing fault.
    /// After a few tries the subscription starts again from the stored position, which delivers the event again.
    /// </summary>
    private async Task<Metadata> HandleWithRetriesAsync(ConsumerEvent received, Metadata headers, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await HandleAsync(received, headers, stopping).ConfigureAwait(false);
                return headers;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.Unauthenticated && attempt < 3)
            {
                Invalidate();
                headers = await HeadersAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RpcException or SignOutNotDoneException && attempt < 4 && !stopping.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), time, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(ConsumerEvent received, Metadata headers, CancellationToken stopping)
    {
        SignOutEvent wanted;
        try
        {
            var schema = await schemas.GetAsync(client, received.Event.SchemaId, headers, stopping).ConfigureAwait(false);
            wanted = SignOutEvent.Read(topic, schema, received.Event.Payload.Span);
        }
        catch (MalformedEventException malformed)
        {
            telemetry.Event(topic, "malformed");
            LogMalformed(org.OrgId.Value, topic, malformed.Message);
            return;
        }

        if (wanted.Users.Count == 0)
        {
            telemetry.Event(topic, "no_sign_out");
            return;
        }

        foreach (var user in wanted.Users)
        {
            var result = await mediator.Send(new SignOutUser(org.OrgId, user, wanted.Cause), stopping).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                telemetry.Event(topic, "failed");
                throw new SignOutNotDoneException();
            }

            telemetry.Event(topic, result.Outcome switch
            {
                SignOutUserOutcome.SignedOut => "signed_out",
                SignOutUserOutcome.UnknownUser => "unknown_user",
                _ => "not_trusted",
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic} subscribes again ({Reason}) in {DelayMs} ms")]
    private partial void LogResubscribing(string orgId, string topic, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic} skipped an event: {Problem}")]
    private partial void LogMalformed(string orgId, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out for org {OrgId} on {Topic}: the stored replay position is unknown to Salesforce; starting from the latest event (events in between are not read)")]
    private partial void LogReplayForgotten(string orgId, string topic);

    /// <summary>The directory could not sign a user out: the event is not done, and is delivered again.</summary>
    private sealed class SignOutNotDoneException : Exception;
}
