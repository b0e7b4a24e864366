using Google.Protobuf;
using Grpc.Core;
using SfCognitoSso.Adapters.SalesforceEvents.PubSub;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// Salesforce's Pub/Sub API as the stand-in serves it (gRPC over cleartext HTTP/2 on loopback): Subscribe with
/// Salesforce's flow control and replay presets, keepalives with the latest replay ID, and GetSchema; over TLS too when
/// <c>LocalStack__PubSubTlsUrl</c> is set. Every call must carry an opaque access token from the events app, the
/// stand-in's instance URL (<c>http</c> or <c>https</c>: an org's is https) and a demo org as tenant, or it is refused
/// UNAUTHENTICATED; a JWT-based access token is refused with Salesforce's own words. Errors name themselves as Salesforce's do, in the <c>error-code</c> trailer: the auth error,
/// and a replay ID it does not know or kept past the retention (<c>…fetch.replayid.corrupted</c>, INVALID_ARGUMENT); an
/// outage (the stand-in's control) ends streams and refuses new ones UNAVAILABLE. Not done: Publish, GetTopic, managed
/// subscriptions, the <c>rpcId</c> in error messages.
/// </summary>
public sealed class PubSubStandIn(
    StandInEventBus bus, StandInEventsApp app, SalesforceEmulatorOptions options, TimeProvider time, PubSubStreamsEnd streamsEnd) : PubSub.PubSubBase
{

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> subscriptions = new(StringComparer.Ordinal);
    private TaskCompletionSource subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Pub/Sub's <c>error-code</c> for a replay ID it will not resume from.</summary>
    public const string ReplayIdCorrupted = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";

    /// <summary>Pub/Sub's <c>error-code</c> for credentials it refuses.</summary>
    public const string AuthError = "sfdc.platform.eventbus.grpc.service.auth.error";

    /// <summary>How long Salesforce keeps a stream open with nothing requested (about 70 s, per its Java sample).</summary>
    public static readonly TimeSpan NothingRequestedLimit = TimeSpan.FromSeconds(70);

    private Refusal? failNext;

    private int refusedInOutage;

    /// <summary>Subscriptions refused because an outage was on (tests).</summary>
    public int RefusedInOutage => Volatile.Read(ref refusedInOutage);

    /// <summary>Ends every subscription after this many more events, as a dropped connection would (tests).</summary>
    public int? DropAfter { get; set; }

    /// <summary>Refuses the next Subscribe to <paramref name="topic"/> with this status and <c>error-code</c> trailer
    /// (none when null), as Salesforce refuses one (tests).</summary>
    public void FailNextSubscribe(string topic, StatusCode status, string? errorCode) => Volatile.Write(ref failNext, new Refusal(topic, status, errorCode));

    /// <summary>An error as Pub/Sub sends one: the status, and its code in the <c>error-code</c> trailer.</summary>
    public static RpcException Error(StatusCode status, string detail, string? errorCode)
    {
        var trailers = new Metadata();
        if (errorCode is not null)
        {
            trailers.Add("error-code", errorCode);
        }

        return new RpcException(new Status(status, detail), trailers);
    }

    /// <summary>Subscriptions to the topic started so far.</summary>
    public int SubscriptionsStarted(string topic) => subscriptions.GetValueOrDefault(topic);

    /// <summary>Completes once <paramref name="count"/> subscriptions to the topic have started (tests: a subscription
    /// from LATEST reads only what is published after it started).</summary>
    public async Task WhenSubscribedAsync(string topic, int count = 1)
    {
        while (subscriptions.GetValueOrDefault(topic) < count)
        {
            await Volatile.Read(ref subscribed).Task.ConfigureAwait(false);
        }
    }

    public override Task<SchemaInfo> GetSchema(SchemaRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        Authenticate(context);
        return bus.SchemaJson(request.SchemaId) is { } json
            ? Task.FromResult(new SchemaInfo { SchemaId = request.SchemaId, SchemaJson = json, RpcId = Guid.NewGuid().ToString() })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Schema {request.SchemaId} not found."));
    }

    public override async Task Subscribe(IAsyncStreamReader<FetchRequest> requestStream, IServerStreamWriter<FetchResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var token = Authenticate(context);
        // A subscription ends with the client or when the stack stops (PubSubStreamsEnd says when, and why then).
        // An outage (the stand-in's control) refuses new streams and ends open ones, as an unreachable Pub/Sub API does.
        var outageBegins = bus.OutageBegins;
        if (bus.Down)
        {
            Interlocked.Increment(ref refusedInOutage);
            throw new RpcException(new Status(StatusCode.Unavailable, "The Pub/Sub API is unreachable (the stand-in's outage)."));
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, streamsEnd.Token, outageBegins);
        try
        {
            await StreamAsync(requestStream, responseStream, token, ending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (streamsEnd.Token.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (outageBegins.IsCancellationRequested)
        {
        }

        if (outageBegins.IsCancellationRequested && !streamsEnd.Token.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The Pub/Sub API is unreachable (the stand-in's outage)."));
        }
    }

    private async Task StreamAsync(IAsyncStreamReader<FetchRequest> requestStream, IServerStreamWriter<FetchResponse> responseStream, string token, CancellationToken stopping)
    {
        if (!await requestStream.MoveNext(stopping).ConfigureAwait(false))
        {
            return;
        }

        var first = requestStream.Current;
        if (!bus.IsTopic(first.TopicName))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown topic {first.TopicName}."));
        }

        var topic = first.TopicName;
        if (Volatile.Read(ref failNext) is { } failure && failure.Topic == topic && Interlocked.CompareExchange(ref failNext, null, failure) == failure)
        {
            throw Error(failure.Status, "The stand-in refused this subscription.", failure.ErrorCode);
        }

        var position = first.ReplayPreset switch
        {
            ReplayPreset.Earliest => 0,
            ReplayPreset.Custom when BusEvent.TryDecode(first.ReplayId.Span, out var custom) && bus.Knows(topic, custom) => custom,
            ReplayPreset.Custom => throw Error(StatusCode.InvalidArgument, "The replay ID is not valid for this topic.", ReplayIdCorrupted),
            _ => bus.Latest(topic),
        };
        var requested = first.NumRequested;
        // From the subscription on, before anyone hears of it: a clock moved meanwhile counts.
        DateTimeOffset? nothingRequestedSince = requested > 0 ? null : time.GetUtcNow();
        subscriptions.AddOrUpdate(topic, 1, (_, started) => started + 1);
        Interlocked.Exchange(ref subscribed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        var more = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            while (await requestStream.MoveNext(stopping).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(requestStream.Current.TopicName) && requestStream.Current.TopicName != topic)
                {
                    return;
                }

                Interlocked.Add(ref requested, requestStream.Current.NumRequested);
                more.Release();
            }
        }, stopping);

        var sent = 0;
        Task? waitingForMore = null;
        while (!stopping.IsCancellationRequested && !reading.IsCompleted)
        {
            if (!app.Accepts(token))
            {
                // The token was revoked (its user frozen or deactivated, or an admin's revoke): the stream ends too.
                throw Error(StatusCode.Unauthenticated, "The access token was revoked.", AuthError);
            }

            var wanted = Volatile.Read(ref requested);
            nothingRequestedSince = wanted > 0 ? null : nothingRequestedSince ?? time.GetUtcNow();
            var events = wanted > 0 ? bus.After(topic, position, wanted) : [];
            if (events.Count > 0)
            {
                if (DropAfter is { } limit && sent + events.Count > limit)
                {
                    events = [.. events.Take(limit - sent)];
                }

                var response = new FetchResponse { LatestReplayId = ByteString.CopyFrom(BusEvent.Encode(events.Count > 0 ? events[^1].ReplayId : position)), RpcId = Guid.NewGuid().ToString() };
                foreach (var item in events)
                {
                    response.Events.Add(new ConsumerEvent
                    {
                        Event = new ProducerEvent { Id = Guid.NewGuid().ToString(), SchemaId = item.SchemaId, Payload = ByteString.CopyFrom(item.Payload) },
                        ReplayId = ByteString.CopyFrom(BusEvent.Encode(item.ReplayId)),
                    });
                }

                position = events.Count > 0 ? events[^1].ReplayId : position;
                response.PendingNumRequested = Interlocked.Add(ref requested, -events.Count);
                await responseStream.WriteAsync(response, stopping).ConfigureAwait(false);
                sent += events.Count;
                if (DropAfter is { } drop && sent >= drop)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "The stand-in dropped the stream."));
                }

                continue;
            }

            // Salesforce sends keepalives only while events are requested, and closes a stream left with nothing
            // requested after about 70 s: a subscriber that stops asking for more loses its stream.
            var wait = options.PubSubKeepAlive;
            if (nothingRequestedSince is { } since)
            {
                wait = NothingRequestedLimit - (time.GetUtcNow() - since);
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }
            }

            var published = bus.NextPublish;
            // One wait for more requests at a time: a second would take the next request's signal from the first.
            waitingForMore ??= more.WaitAsync(stopping);
            var woken = await Task.WhenAny(published, waitingForMore, Task.Delay(wait, time, stopping)).ConfigureAwait(false);
            if (woken == waitingForMore)
            {
                waitingForMore = null;
                continue;
            }

            if (wanted > 0 && woken != published && woken.IsCompletedSuccessfully && bus.After(topic, position, 1).Count == 0)
            {
                // Nothing new: an empty batch with the latest replay ID keeps the stream and the subscriber's position alive.
                await responseStream.WriteAsync(new FetchResponse
                {
                    LatestReplayId = ByteString.CopyFrom(BusEvent.Encode(Math.Max(position, bus.Latest(topic)))),
                    PendingNumRequested = Volatile.Read(ref requested),
                    RpcId = Guid.NewGuid().ToString(),
                }, stopping).ConfigureAwait(false);
                position = Math.Max(position, bus.Latest(topic));
            }
        }
    }

    /// <summary>What Pub/Sub answers a JWT-based access token (pozil/pub-sub-api-node-client#67).</summary>
    public const string JwtTokenRefused = "An authentication exception occurred. Provide valid authentication via metadata headers";

    private string Authenticate(ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var token = headers.GetValue("accesstoken");
        var tenant = headers.GetValue("tenantid");
        var instance = Uri.TryCreate(headers.GetValue("instanceurl"), UriKind.Absolute, out var named) ? named : null;
        if (app.IsJwt(token))
        {
            throw Error(StatusCode.Unauthenticated, JwtTokenRefused, AuthError);
        }

        var known = app.Accepts(token)
            && instance is { Scheme: "http" or "https", AbsolutePath: "/" } && instance.Authority == options.SalesforceUrl.Authority
            && options.Orgs.Any(org => org.Value == tenant || (tenant?.Length == 15 && org.Value.StartsWith(tenant, StringComparison.Ordinal)));
        if (!known)
        {
            throw Error(StatusCode.Unauthenticated, "Invalid access token, instance URL or tenant.", AuthError);
        }

        return token!;
    }

    private sealed record Refusal(string Topic, StatusCode Status, string? ErrorCode);
}
