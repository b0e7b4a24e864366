using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The limits every endpoint that takes a session shares: one per-client window (<c>RateLimit__PermitPerMinute</c>;
/// one bucket per client whichever endpoint it calls, so a second endpoint is not a second allowance), for IPv6 a
/// second window per /48 (<c>RateLimit__PermitPerMinutePer48</c>), and one cap on work in progress
/// (<c>RateLimit__MaxConcurrent</c>).
/// <para>With Redis (<c>Cache__Redis</c>) they hold for the whole deployment, so N instances do not allow N times the
/// rate, without a Redis call per request: each instance admits from capacity it holds and a background sync every
/// <c>RateLimit__SyncMilliseconds</c> trades it with the others (<see cref="SharedLimits"/>, which states the bound).
/// A Redis that does not answer costs each instance nothing but the sharing: it limits on its own — never open to
/// everyone, never closed to everyone — says so once, and shares again when a sync succeeds.</para>
/// </summary>
public sealed partial class RequestLimits : IDisposable
{
    private readonly ClientAddresses clients;
    private readonly Limiters own;
    private readonly SharedLimits? shared;
    private readonly Task<ConnectionMultiplexer>? redis;
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private int sharing = 1;

    public RequestLimits(ClientAddresses clients, IOptions<RateLimitOptions> rateLimit, TimeProvider time, ILogger<RequestLimits> logger)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        this.clients = clients;
        this.logger = logger;
        var settings = rateLimit.Value;
        own = Limiters.InProcess(settings);
        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            redis = ConnectAsync(settings.Redis);
            shared = new SharedLimits(settings, time);
            _ = Task.Run(() => SyncLoopAsync(shared, stopping.Token));
        }
    }

    /// <summary>Admits the request or says why not (setting <c>Retry-After</c>).</summary>
    public async ValueTask<Admission> AdmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = clients.Resolve(context);
        if (shared is not null && Volatile.Read(ref sharing) == 1)
        {
            var network = ClientAddresses.Network48(client);
            var taken = shared.TryTake(client, network);
            // The deployment may still have permits: the next sync claims them for this request's key, or the one
            // after it, once another instance has given back what it does not use.
            for (var syncs = 0; taken == SharedLimits.Take.WaitForSync && syncs < 2; syncs++)
            {
                await shared.NextSyncAsync().ConfigureAwait(false);
                if (Volatile.Read(ref sharing) == 0)
                {
                    return await own.AdmitAsync(client, context).ConfigureAwait(false);
                }

                taken = shared.TryTake(client, network);
            }

            if (taken == SharedLimits.Take.WaitForSync && !shared.HasSynced)
            {
                // No sync has answered since start-up (a Redis that does not answer yet): this instance's own limits,
                // not a refusal for want of a first claim.
                return await own.AdmitAsync(client, context).ConfigureAwait(false);
            }

            if (taken != SharedLimits.Take.Taken)
            {
                var wait = taken == SharedLimits.Take.Spent ? shared.UntilWindowEnds() : TimeSpan.FromSeconds(1);
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new Admission(null, Limiters.TooMany);
            }

            // Counted in this instance's own windows too, so a fall back to them starts from what it admitted.
            own.Record(client);
            return shared.TryEnter() is { } slot ? new Admission(slot, null) : Limiters.Busy(context);
        }

        return await own.AdmitAsync(client, context).ConfigureAwait(false);
    }

    /// <summary>Paced by the real clock whatever clock the windows read: it is the network's pace, not the product's
    /// time, and a test drives <see cref="SharedLimits.SyncAsync"/> itself.</summary>
    private async Task SyncLoopAsync(SharedLimits limits, CancellationToken cancellationToken)
    {
        using var pace = new PeriodicTimer(limits.SyncInterval);
        try
        {
            while (await pace.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var connection = await redis!.ConfigureAwait(false);
                    if (!connection.IsConnected)
                    {
                        SharedFailed("not connected");
                        continue;
                    }

                    await limits.SyncAsync(connection.GetDatabase(), cancellationToken).ConfigureAwait(false);
                    if (Interlocked.Exchange(ref sharing, 1) == 0)
                    {
                        LogSharedAgain();
                    }
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    SharedFailed(exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void SharedFailed(string reason)
    {
        if (Interlocked.Exchange(ref sharing, 0) == 1)
        {
            LogOnOwn(reason);
        }
    }

    /// <summary>Connects in the background, so start-up never waits for Redis; a Redis down at start-up is reached
    /// once it is up.</summary>
    private static Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 500);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 500);
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
        own.Dispose();
        if (redis is { IsCompletedSuccessfully: true })
        {
            redis.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits: Redis did not answer ({Reason}); each instance limits on its own until it does (RateLimit__PermitPerMinute and RateLimit__MaxConcurrent per instance)")]
    private partial void LogOnOwn(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits: Redis answers again; the limits hold for the whole deployment")]
    private partial void LogSharedAgain();

    /// <summary>This process's own limiters: all of them without Redis, and the fallback while Redis does not answer.</summary>
    private sealed class Limiters(PartitionedRateLimiter<IPAddress> perClient, PartitionedRateLimiter<IPAddress> perNetwork, RateLimiter inFlight) : IDisposable
    {
        public static Limiters InProcess(RateLimitOptions settings)
        {
            var window = Window(settings.PermitPerMinute);
            var networkWindow = Window(settings.ResolvedPermitPerMinutePer48);
            // The factories are made once: the partitioner runs on every request and should allocate nothing.
            Func<IPAddress, FixedWindowRateLimiterOptions> optionsFor = _ => window;
            Func<IPAddress, FixedWindowRateLimiterOptions> networkOptionsFor = _ => networkWindow;
            return new Limiters(
                PartitionedRateLimiter.Create<IPAddress, IPAddress>(client => RateLimitPartition.GetFixedWindowLimiter(client, optionsFor)),
                PartitionedRateLimiter.Create<IPAddress, IPAddress>(network => RateLimitPartition.GetFixedWindowLimiter(network, networkOptionsFor)),
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = settings.MaxConcurrent, QueueLimit = 0 }));

            static FixedWindowRateLimiterOptions Window(int permits) =>
                new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
        }

        public async ValueTask<Admission> AdmitAsync(IPAddress client, HttpContext context)
        {
            // Asked together, so Redis costs one round trip rather than two; a slot taken for a refused request is
            // given back at once.
            var slotAsked = inFlight.AcquireAsync(1, CancellationToken.None);
            Refusal? limited;
            try
            {
                limited = await RefusedAsync(perClient, client, context).ConfigureAwait(false);
                if (limited is null && ClientAddresses.Network48(client) is { } network)
                {
                    limited = await RefusedAsync(perNetwork, network, context).ConfigureAwait(false);
                }
            }
            catch
            {
                (await slotAsked.ConfigureAwait(false)).Dispose();
                throw;
            }

            var slot = await slotAsked.ConfigureAwait(false);
            if (limited is not null)
            {
                slot.Dispose();
                return new Admission(null, limited);
            }

            if (slot.IsAcquired)
            {
                return new Admission(slot, null);
            }

            slot.Dispose();
            return Busy(context);
        }

        public void Record(IPAddress client)
        {
            perClient.AttemptAcquire(client).Dispose();
            if (ClientAddresses.Network48(client) is { } network)
            {
                perNetwork.AttemptAcquire(network).Dispose();
            }
        }

        public static Refusal TooMany { get; } = new(RefusalReason.RateLimited, "Too many requests from this client; retry later.");

        public static Admission Busy(HttpContext context)
        {
            context.Response.Headers.RetryAfter = "1";
            return new Admission(null, new Refusal(RefusalReason.ServerBusy, "Too many requests in progress; retry in a moment."));
        }

        /// <summary>A 429 (with <c>Retry-After</c>) when the key's window is spent; null when a permit was taken.
        /// With no queue, a limiter answers at once.</summary>
        private static async ValueTask<Refusal?> RefusedAsync(PartitionedRateLimiter<IPAddress> limiter, IPAddress key, HttpContext context)
        {
            using var lease = await limiter.AcquireAsync(key, 1, CancellationToken.None).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                return null;
            }

            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(RetryAfter(lease).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TooMany;
        }

        /// <summary>System.Threading.RateLimiting says it as a TimeSpan.</summary>
        private static TimeSpan RetryAfter(RateLimitLease lease) =>
            lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var wait) switch
            {
                true when wait is TimeSpan span => span,
                true when wait is int seconds => TimeSpan.FromSeconds(seconds),
                _ => TimeSpan.FromMinutes(1),
            };

        public void Dispose()
        {
            perClient.Dispose();
            perNetwork.Dispose();
            inFlight.Dispose();
        }
    }
}
