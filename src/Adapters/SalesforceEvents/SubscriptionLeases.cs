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

    /// <summary>The lease for the org's topic if this instance gets it within <see cref="Renewal"/>, else null (another
    /// instance holds it); the handle's <see cref="RedisDistributedLockHandle.HandleLostToken"/> says when it is lost.
    /// Throws <see cref="RedisConnectionException"/> when Redis cannot be asked.</summary>
    public async Task<RedisDistributedLockHandle?> TryAcquireAsync(string orgId, string topic, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync().ConfigureAwait(false);
        if (!connection.IsConnected)
        {
            // Asked of a Redis that is not there, the lock library keeps waiting (it cannot tell "held by another"
            // from "unreachable"); say so instead, so the caller counts this subscription as down.
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not reachable for the lease.");
        }

        var database = connection.GetDatabase();
        var lease = new RedisDistributedLock($"sfcognitosso:signout:lease:v1:{orgId}:{topic}", database, options => options
            .Expiry(Expiry)
            .ExtensionCadence(Renewal)
            .BusyWaitSleepTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        return await lease.TryAcquireAsync(Renewal, cancellationToken).ConfigureAwait(false);
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
