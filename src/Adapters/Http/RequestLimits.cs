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
/// <para>With Redis (<c>Cache__Redis</c>) they hold for the whole deployment (RedisRateLimiting), so N instances do
/// not allow N times the rate. A Redis that does not answer costs each instance nothing but the sharing: it limits
/// on its own — never open to everyone, never closed to everyone — says so once, and asks Redis again after
/// <see cref="FaultPause"/>.</para>
/// </summary>
public sealed partial class RequestLimits : IDisposable
{
    /// <summary>How long an instance limits on its own after Redis failed to answer before asking it again.</summary>
    public static readonly TimeSpan FaultPause = TimeSpan.FromSeconds(5);

    private readonly ClientAddresses clients;
    private readonly Limiters own;
    private readonly Lazy<Limiters>? shared;
    private readonly Task<ConnectionMultiplexer>? redis;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private long sharedPausedUntilTicks;
    private int sharing = 1;

    public RequestLimits(ClientAddresses clients, IOptions<RateLimitOptions> rateLimit, TimeProvider time, ILogger<RequestLimits> logger)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        this.clients = clients;
        this.time = time;
        this.logger = logger;
        var settings = rateLimit.Value;
        own = Limiters.InProcess(settings);
        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            redis = ConnectAsync(settings.Redis);
            // Made once connected: the library takes its connection when a limiter is made.
            shared = new Lazy<Limiters>(() => Limiters.InRedis(settings, () => redis.Result));
        }
    }

    /// <summary>Admits the request or says why not (setting <c>Retry-After</c>).</summary>
    public async ValueTask<Admission> AdmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = clients.Resolve(context);
        if (shared is not null && await SharedUsableAsync().ConfigureAwait(false))
        {
            try
            {
                var admission = await shared.Value.AdmitAsync(client, context).ConfigureAwait(false);
                if (Interlocked.Exchange(ref sharing, 1) == 0)
                {
                    LogSharedAgain();
                }

                return admission;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                SharedFailed(exception);
            }
        }

        return await own.AdmitAsync(client, context).ConfigureAwait(false);
    }

    /// <summary>Redis is asked only when connected and not paused: a Redis that is down must not cost every request
    /// a timeout. The first requests wait for the first connection (at most its one-second connect timeout).</summary>
    private async ValueTask<bool> SharedUsableAsync()
    {
        if (time.GetUtcNow().UtcTicks < Interlocked.Read(ref sharedPausedUntilTicks))
        {
            return false;
        }

        try
        {
            if ((await redis!.ConfigureAwait(false)).IsConnected)
            {
                return true;
            }

            SharedFailed(null);
        }
        catch (RedisException exception)
        {
            SharedFailed(exception);
        }

        return false;
    }

    private void SharedFailed(Exception? exception)
    {
        Interlocked.Exchange(ref sharedPausedUntilTicks, (time.GetUtcNow() + FaultPause).UtcTicks);
        if (Interlocked.Exchange(ref sharing, 0) == 1)
        {
            LogOnOwn(exception?.GetType().Name ?? "not connected");
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
        own.Dispose();
        if (shared is { IsValueCreated: true })
        {
            shared.Value.Dispose();
        }

        if (redis is { IsCompletedSuccessfully: true })
        {
            redis.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits: Redis did not answer ({Reason}); each instance limits on its own until it does (RateLimit__PermitPerMinute and RateLimit__MaxConcurrent per instance)")]
    private partial void LogOnOwn(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits: Redis answers again; the limits hold for the whole deployment")]
    private partial void LogSharedAgain();

    /// <summary>One set of limiters: this process's own, or the deployment's in Redis. The same three checks in the
    /// same order either way.</summary>
    private sealed class Limiters(PartitionedRateLimiter<IPAddress> perClient, PartitionedRateLimiter<IPAddress> perNetwork, RateLimiter inFlight) : IDisposable
    {
        private const string KeyPrefix = "sfcognitosso:ratelimit:v1:";

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

        public static Limiters InRedis(RateLimitOptions settings, Func<IConnectionMultiplexer> redis)
        {
            var window = Window(settings.PermitPerMinute, redis);
            var networkWindow = Window(settings.ResolvedPermitPerMinutePer48, redis);
            Func<string, RedisRateLimiting.RedisFixedWindowRateLimiterOptions> optionsFor = _ => window;
            Func<string, RedisRateLimiting.RedisFixedWindowRateLimiterOptions> networkOptionsFor = _ => networkWindow;
            return new Limiters(
                PartitionedRateLimiter.Create<IPAddress, string>(client =>
                    RedisRateLimiting.RedisRateLimitPartition.GetFixedWindowRateLimiter(KeyPrefix + "client:" + client, optionsFor)),
                PartitionedRateLimiter.Create<IPAddress, string>(network =>
                    RedisRateLimiting.RedisRateLimitPartition.GetFixedWindowRateLimiter(KeyPrefix + "network:" + network, networkOptionsFor)),
                new RedisRateLimiting.RedisConcurrencyRateLimiter<string>(KeyPrefix + "in-flight", new RedisRateLimiting.RedisConcurrencyRateLimiterOptions
                {
                    PermitLimit = settings.MaxConcurrent,
                    QueueLimit = 0,
                    ConnectionMultiplexerFactory = redis,
                }));

            static RedisRateLimiting.RedisFixedWindowRateLimiterOptions Window(int permits, Func<IConnectionMultiplexer> redis) =>
                new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), ConnectionMultiplexerFactory = redis };
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
            return new Refusal(RefusalReason.RateLimited, "Too many requests from this client; retry later.");
        }

        /// <summary>System.Threading.RateLimiting says it as a TimeSpan, RedisRateLimiting as whole seconds.</summary>
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
