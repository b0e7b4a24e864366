using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Medallion.Threading.Redis;
using SfCognitoSso.Core.Tickets;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// One active subscriber per org and topic across every instance of the deployment: a lease in Redis
/// (<c>Cache__Redis</c>; DistributedLock.Redis), held while its holder reads and renewed every
/// <see cref="Renewal"/>; the other instances stand by, trying every second or two, and take over within
/// <see cref="Expiry"/> plus one try when the holder dies. A holder that loses its lease (Redis unreachable, or it
/// stalled past the expiry) is told at once and stops reading, so two instances act on an event only around a takeover
/// (delivery stays at least once; handling is idempotent).
/// <para>The keys are the deployment's (<see cref="SignOutDeployment"/>), and the holder proves it holds the lease: it
/// writes a heartbeat signed with the validator's key (<c>Ticket__SigningKey</c>) every <see cref="Renewal"/>, which the
/// standbys check. A lease held with no fresh signed heartbeat is held by something that is not this deployment
/// (anyone who can write Redis can take a key), and single sign-out may have stopped: health says so.</para>
/// </summary>
public sealed class SubscriptionLeases(string redisConfiguration, SignOutDeployment? deployment = null, TicketKeys? keys = null, TimeProvider? time = null) : IAsyncDisposable
{
    /// <summary>How old a holder's heartbeat may be before the standbys doubt it.</summary>
    public static readonly TimeSpan HeartbeatStale = TimeSpan.FromSeconds(30);

    private readonly string name = (deployment ?? SignOutDeployment.Default).Name;
    private readonly TimeProvider clock = time ?? TimeProvider.System;

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
        var lease = new RedisDistributedLock(LeaseKey(name, orgId, topic), database, options => options
            .Expiry(Expiry)
            .ExtensionCadence(Renewal)
            .BusyWaitSleepTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        return await lease.TryAcquireAsync(Renewal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lease's Redis key for a deployment's org topic.</summary>
    public static string LeaseKey(string deployment, string orgId, string topic) => $"sfcognitosso:signout:lease:v2:{deployment}:{orgId}:{topic}";

    /// <summary>Whether heartbeats are signed and checked here: only a host holding the validator's key signs them.</summary>
    public bool Attests => keys?.Signer is not null;

    /// <summary>The holder's proof, written every <see cref="Renewal"/> while it reads (with a lifetime of
    /// <see cref="HeartbeatStale"/>). Best effort: a write that fails is tried again at the next renewal.</summary>
    public async Task BeatAsync(string orgId, string topic)
    {
        if (keys?.Signer is not { } signer)
        {
            return;
        }

        var at = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(signer.SignData(Encoding.UTF8.GetBytes(Signed(orgId, topic, at)), HashAlgorithmName.SHA256));
        var connection = await ConnectAsync().ConfigureAwait(false);
        await connection.GetDatabase().StringSetAsync(HeartbeatKey(orgId, topic), $"{at}.{signature}", HeartbeatStale).ConfigureAwait(false);
    }

    /// <summary>Whether the holder of the org topic's lease left a fresh heartbeat signed with a key this host trusts.</summary>
    public async Task<bool> HolderAttestedAsync(string orgId, string topic)
    {
        var connection = await ConnectAsync().ConfigureAwait(false);
        var value = (string?)await connection.GetDatabase().StringGetAsync(HeartbeatKey(orgId, topic)).ConfigureAwait(false);
        if (value?.Split('.') is not [var at, var signature] || !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(milliseconds, 253_402_300_799_000));
        var signed = Encoding.UTF8.GetBytes(Signed(orgId, topic, at));
        return age < HeartbeatStale && age > -HeartbeatStale
            && keys?.Verifies(signed, bytes) == true;
    }

    private string HeartbeatKey(string orgId, string topic) => $"sfcognitosso:signout:heartbeat:v1:{name}:{orgId}:{topic}";

    // Bound to the deployment, org and topic, so no heartbeat can be moved to another lease.
    private string Signed(string orgId, string topic, string at) => $"sfsso-heartbeat|{name}|{orgId}|{topic}|{at}";

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
