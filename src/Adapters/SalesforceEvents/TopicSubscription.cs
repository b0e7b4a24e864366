using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.SalesforceEvents.PubSub;
using SfCognitoSso.Core.Sessions;
using PubSubClient = SfCognitoSso.Adapters.SalesforceEvents.PubSub.PubSub.PubSubClient;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// One org's subscription to one topic, for as long as the host runs: Subscribe with flow control (asks for a batch,
/// asks again as it is used up), each event's schema from GetSchema, each event handed to Core's SignOutUser, the
/// replay position stored after each event (and each keepalive's latest replay ID). It starts again after any
/// failure — with a new token after UNAUTHENTICATED or Salesforce's auth error code, after a jittered exponential
/// backoff otherwise — and from the stored position, so nothing is missed. The stored position is dropped only when
/// Salesforce's <c>error-code</c> trailer says the replay ID is unknown to it (<see cref="ReplayIdCorrupted"/>): any
/// other INVALID_ARGUMENT keeps it. An event whose sign-out keeps failing is tried a few times in place, then parked
/// (<see cref="ParkedSignOuts"/>) and the stream moves on; a malformed event is skipped and counted. What an event
/// means (whom to sign out) is <see cref="EventSignOuts"/>'s.
/// </summary>
internal sealed partial class TopicSubscription(TrustedOrg org, OrgEventsSettings credentials, string topic, SubscriptionServices services, ILogger logger)
{
    private readonly PubSubClient client = services.Client;
    private readonly OrgAccessTokens tokens = services.Tokens;
    private readonly EventSchemas schemas = services.Schemas;
    private readonly ReplayPositions replays = services.Replays;
    private readonly ParkedSignOuts parked = services.Parked;
    private readonly SingleSignOutHealth health = services.Health;
    private readonly SignOutEventsOptions options = services.Options;
    private readonly SignOutTelemetry telemetry = services.Telemetry;
    private readonly TimeProvider time = services.Time;

    /// <summary>Pub/Sub's code for a replay ID it will not resume from (older than retention, or never issued).</summary>
    public const string ReplayIdCorrupted = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";

    /// <summary>Pub/Sub's code for credentials it refused: authenticate again, resume from the stored position.</summary>
    public const string AuthError = "sfdc.platform.eventbus.grpc.service.auth.error";

    /// <summary>Tries of one event's sign-out before it is parked.</summary>
    public const int ParkAfterAttempts = 5;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private bool resumed;

    // When this process last stored a position: where a stretch lost past Salesforce's retention begins, if known.
    private DateTimeOffset? positionStoredAt;

    // When this process last heard from the stream (a subscription's start, or a response): where a stretch skipped
    // by a stream that resumes at the latest event begins.
    private DateTimeOffset? heardAt;

    // Set while such a stretch is open: from the last contact before the loss until the stream answers again (failed
    // attempts in between neither move its start nor count it again).
    private DateTimeOffset? lostSince;

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
            catch (RpcException refused) when (IsAuthError(refused))
            {
                // The token expired or was revoked: a new one, at once the first time, and on from the stored position.
                Invalidate();
                reason = "unauthenticated";
            }
            catch (OrgAccessException refused) when (refused.Cause is { } cause && !stopping.IsCancellationRequested)
            {
                // The org's to fix (a JWT-issuing app, an inactive or frozen run-as user): said once, retried with backoff.
                if (health.OrgRefused(org.OrgId.Value, cause))
                {
                    LogOrgRefused(org.OrgId.Value, cause);
                }

                reason = refused.Cause == OrgAccessException.JwtAccessTokens ? "jwt_access_token" : "run_as_user_inactive";
            }
            catch (RpcException unknown) when (ErrorCode(unknown) == ReplayIdCorrupted && resumed)
            {
                // A stored replay ID Salesforce no longer knows (older than its retention): start from the latest.
                // Only on this code: any other INVALID_ARGUMENT keeps the position, or events would be skipped.
                await replays.ForgetAsync(org.OrgId, topic, stopping).ConfigureAwait(false);
                LogReplayForgotten(org.OrgId.Value, topic);
                // What the lost stretch held: deactivations and freezes the sweep finds now; logouts no one can
                // (Salesforce keeps no queryable record of one), so health says when they may have been missed.
                StretchLost(positionStoredAt);
                heardAt = null; // the stretch is named; the next subscription starts at the latest knowingly
                lostSince = null;
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

            health.Down(Name);
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

    /// <summary>While another instance reads: keep up with where it got to.</summary>
    public ValueTask FollowReplayPositionAsync(CancellationToken stopping) => replays.FollowAsync(org.OrgId, topic, stopping);

    /// <summary>A stretch of the stream no one will read: deactivations and freezes the sweep finds now; logouts no
    /// one can (Salesforce keeps no queryable record of one), so health says when they may have been missed.</summary>
    private void StretchLost(DateTimeOffset? from)
    {
        services.Sweeps?.Now(org.OrgId);
        LogoutsUnknowable(from);
    }

    private void LogoutsUnknowable(DateTimeOffset? from)
    {
        if (topic == SignOutTopics.Logout)
        {
            services.Telemetry.Event(topic, "logouts_unknowable");
            health.LogoutsMayBeMissed(org.OrgId.Value, from, services.Time.GetUtcNow());
        }
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
        if (stored is null && lostSince is null && heardAt is { } lastHeard)
        {
            // The stream was lost before any position was stored (a quiet topic's first keepalive can take 270 s): it
            // resumes at the latest event, and what was published since it was last heard from is skipped. The sweep
            // runs now; the logout window closes when the stream answers again.
            lostSince = lastHeard;
            LogResumedWithoutPosition(org.OrgId.Value, topic, lastHeard);
            services.Sweeps?.Now(org.OrgId);
        }

        if (lostSince is null)
        {
            heardAt = services.Time.GetUtcNow();
        }
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
            heardAt = services.Time.GetUtcNow();
            if (lostSince is { } from)
            {
                LogoutsUnknowable(from);
                lostSince = null;
            }

            delivered = true;
            health.Up(Name);
            var response = call.ResponseStream.Current;
            foreach (var received in response.Events)
            {
                headers = await HandleWithRetriesAsync(received, headers, stopping).ConfigureAwait(false);
                await replays.SetAsync(org.OrgId, topic, received.ReplayId.ToByteArray(), stopping).ConfigureAwait(false);
                positionStoredAt = services.Time.GetUtcNow();
                outstanding--;
            }

            if (response.Events.Count == 0 && !response.LatestReplayId.IsEmpty)
            {
                // A keepalive: nothing new up to here, so a restart need not go back further.
                await replays.SetAsync(org.OrgId, topic, response.LatestReplayId.ToByteArray(), stopping).ConfigureAwait(false);
                positionStoredAt = services.Time.GetUtcNow();
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
        health.OrgAccepted(org.OrgId.Value);
        return new Metadata
        {
            { "accesstoken", access.AccessToken },
            { "instanceurl", access.InstanceUrl },
            { "tenantid", access.TenantId },
        };
    }

    /// <summary>Names the subscription in health answers: org and topic, nothing secret.</summary>
    private string Name => SingleSignOutHealth.SubscriptionName(org.OrgId.Value, topic);

    private static string? ErrorCode(RpcException exception) => exception.Trailers.GetValue("error-code");

    private static bool IsAuthError(RpcException exception) =>
        exception.StatusCode == StatusCode.Unauthenticated || ErrorCode(exception) == AuthError;

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
    /// A schema that still cannot be read starts the subscription again from the stored position (the stream is
    /// likely broken too); a sign-out that still fails after <see cref="ParkAfterAttempts"/> tries is parked — logged,
    /// counted, kept — and the stream moves on, so one user's failure never holds up every later sign-out.
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
            catch (RpcException refused) when (IsAuthError(refused) && attempt < 3)
            {
                Invalidate();
                headers = await HeadersAsync(stopping).ConfigureAwait(false);
            }
            catch (SignOutNotDoneException notDone) when (attempt >= ParkAfterAttempts - 1 && !stopping.IsCancellationRequested)
            {
                telemetry.Event(topic, "parked");
                await parked.ParkAsync(org.OrgId, topic, received.ReplayId.ToByteArray(), notDone.Users, notDone.Cause, stopping).ConfigureAwait(false);
                return headers;
            }
            catch (Exception exception) when (exception is RpcException or SignOutNotDoneException && attempt < ParkAfterAttempts - 1 && !stopping.IsCancellationRequested)
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

        await services.Events.ApplyAsync(org, credentials, topic, wanted, received.ReplayId.Span.ToArray(), stopping).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic} subscribes again ({Reason}) in {DelayMs} ms")]
    private partial void LogResubscribing(string orgId, string topic, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out for org {OrgId} cannot read events: {Cause}")]
    private partial void LogOrgRefused(string orgId, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic} skipped an event: {Problem}")]
    private partial void LogMalformed(string orgId, string topic, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out for org {OrgId} on {Topic}: the stored replay position is unknown to Salesforce; starting from the latest event; the sweep looks for deactivated and frozen users now, logouts in between cannot be recovered (/healthz names the stretch)")]
    private partial void LogReplayForgotten(string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out for org {OrgId} on {Topic}: the stream was lost before a replay position was stored; starting from the latest event, so events since {LastHeard:O} are skipped; the sweep looks for deactivated and frozen users now, logouts in between cannot be recovered (/healthz names the stretch once the stream answers again)")]
    private partial void LogResumedWithoutPosition(string orgId, string topic, DateTimeOffset lastHeard);
}
