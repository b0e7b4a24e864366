using Medallion.Threading.Redis;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// One active subscriber per org and topic across every instance of the deployment: a lease in Redis
/// (<c>Cache__Redis</c>; DistributedLock.Redis), held while its holder reads and renewed every
/// <see cref="Renewal"/>; the other instances stand by, trying every second or two, and take over within
/// <see cref="Expiry"/> plus one try when the holder dies. A holder that loses its lease (Redis unreachable, or it
/// stalled past the expiry) is told at once and stops reading, so two instances act on an event only around a takeover
/// (delivery stays at least once; handling is idempotent).
/// </summary>
public sealed class SubscriptionLeases(string redisConfiguration) : IAsyncDisposable
{
    /// <summary>How long a lease outlives a holder that stopped renewing it (died, or lost Redis).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim connecting = new(1, 1);
    private ConnectionMultiplexer? redis;

    /// <summary>Waits until this instance holds the lease for the org's topic; the handle's
    /// <see cref="RedisDistributedLockHandle.HandleLostToken"/> says when it no longer does.</summary>
    public async Task<RedisDistributedLockHandle> AcquireAsync(string orgId, string topic, CancellationToken cancellationToken)
    {
        var database = (await ConnectAsync().ConfigureAwait(false)).GetDatabase();
        var lease = new RedisDistributedLock($"sfcognitosso:signout:lease:v1:{orgId}:{topic}", database, options => options
            .Expiry(Expiry)
            .ExtensionCadence(Renewal)
            .BusyWaitSleepTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        return await lease.AcquireAsync(timeout: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (Volatile.Read(ref redis) is { } connected)
        {
            return connected;
        }

        await connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (redis is null)
            {
                var options = ConfigurationOptions.Parse(redisConfiguration);
                // Reconnect by itself after an outage rather than fail every later call.
                options.AbortOnConnectFail = false;
                redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            }

            return redis;
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref redis, null) is { } connected)
        {
            await connected.DisposeAsync().ConfigureAwait(false);
        }

        connecting.Dispose();
    }
}
