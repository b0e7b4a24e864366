using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Where each org's subscription to each topic got to (the last processed event's replay ID), kept after every event
/// in this process and, when Redis is configured and this host signs (<c>Ticket__SigningKey</c>), in Redis too, so a
/// restart — or another instance — resumes after it (no expiry; Salesforce keeps events 72 hours). Never in Redis
/// alone: the instances standing by follow it in their own memory (<see cref="FollowAsync"/>), and a Redis that comes
/// back empty is given it again.
/// <para>A shared position carries the validator's ES256 signature over the org, the topic and the replay ID: one
/// written by anyone else, or moved to another org or topic, is not used. A store that fails costs nothing but its
/// copy: the position in this process carries on, events keep flowing, and the store is left alone for
/// <see cref="FaultPause"/> (a Redis that times out would otherwise hold up every event).</para>
/// </summary>
public sealed partial class ReplayPositions
{
    /// <summary>How long a failed shared store is left alone before it is tried again.</summary>
    public static readonly TimeSpan FaultPause = TimeSpan.FromSeconds(30);

    /// <summary>How long an instance with no position of its own waits, on finding Redis empty after it failed, for
    /// the instances standing by (they read before every ask for the lease, at most 3 s apart) to give theirs back.</summary>
    public static readonly TimeSpan RestoreWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, byte[]> local = new(StringComparer.Ordinal);
    private readonly IDistributedCache? shared;
    private readonly ECDsa? signer;
    private readonly TicketKeys? keys;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SignOutTelemetry? telemetry;
    private long pausedUntilTicks;
    private long lastFailureTicks = long.MinValue / 2;
    private readonly string deployment;

    // The highest write number seen or written per key: a signed position written back from before it is refused.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> written = new(StringComparer.Ordinal);

    /// <param name="shared">Redis, when configured; used only with a signing key in <paramref name="keys"/>.</param>
    /// <param name="deployment">Whose positions these are in a Redis other deployments may share.</param>
    public ReplayPositions(
        TicketKeys? keys, TimeProvider time, ILogger<ReplayPositions> logger, IDistributedCache? shared = null, SignOutTelemetry? telemetry = null, SignOutDeployment? deployment = null)
    {
        this.deployment = (deployment ?? SignOutDeployment.Default).Name;
        this.time = time;
        this.logger = logger;
        this.telemetry = telemetry;
        signer = keys?.Signer;
        this.keys = keys;
        this.shared = signer is null ? null : shared;
    }

    public bool Shared => shared is not null;

    /// <summary>
    /// The shared position when there is one: the holder of the subscription's lease stores it after every event, so
    /// it is the latest across instances (this process's own may be from before another instance took over). Else
    /// this process's own — Redis unreachable, or back empty after a restart — which is put back into Redis at once,
    /// so a Redis without persistence never sends a subscription to the latest event and past a logout. An instance
    /// that knows no position and finds Redis empty after it failed waits <see cref="RestoreWait"/> for the instances
    /// standing by to give theirs back. Called by the instance about to read.
    /// </summary>
    public async ValueTask<byte[]?> GetAsync(SalesforceId orgId, string topic, CancellationToken cancellationToken)
    {
        var key = Key(orgId, topic);
        // With no copy of its own, an instance asks Redis even during the fault pause: the alternative is the latest
        // event, past whatever was published while the store was down.
        var ownCopy = local.ContainsKey(key);
        var (state, replayId) = await ReadSharedAsync(orgId, topic, honourPause: ownCopy, cancellationToken).ConfigureAwait(false);
        if (state == SharedPosition.Empty && !ownCopy && RecentlyFailed())
        {
            await Task.Delay(RestoreWait, time, cancellationToken).ConfigureAwait(false);
            (state, replayId) = await ReadSharedAsync(orgId, topic, honourPause: false, cancellationToken).ConfigureAwait(false);
        }

        switch (state)
        {
            case SharedPosition.Found:
                return replayId;
            case SharedPosition.Forgotten:
                return null;
            case SharedPosition.Empty when local.TryGetValue(key, out var own):
                LogRestored(orgId.Value, topic);
                await SetAsync(orgId, topic, own, cancellationToken).ConfigureAwait(false);
                return own;
            default:
                return local.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// For an instance standing by, before each ask for the lease: keeps its own copy of the shared position current,
    /// and gives a Redis that came back empty its copy, so whoever takes the lease next resumes from there. Asked
    /// whatever <see cref="FaultPause"/> says (a read every few seconds, off the event path), so the copy is back as
    /// soon as Redis is; a failure here is only remembered.
    /// </summary>
    public async ValueTask FollowAsync(SalesforceId orgId, string topic, CancellationToken cancellationToken)
    {
        var (state, _) = await ReadSharedAsync(orgId, topic, honourPause: false, cancellationToken).ConfigureAwait(false);
        if (state != SharedPosition.Empty || !local.TryGetValue(Key(orgId, topic), out var own))
        {
            return;
        }

        try
        {
            await shared!.SetAsync(Key(orgId, topic), Seal(orgId, topic, own), new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
            LogRestored(orgId.Value, topic);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref lastFailureTicks, time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>What Redis holds for the org's topic; a usable position is kept as this process's own too, a
    /// forgotten one drops it.</summary>
    private async ValueTask<(SharedPosition State, byte[]? ReplayId)> ReadSharedAsync(SalesforceId orgId, string topic, bool honourPause, CancellationToken cancellationToken)
    {
        if (shared is null || (honourPause && !Usable()))
        {
            return (SharedPosition.Unreadable, null);
        }

        var key = Key(orgId, topic);
        byte[]? stored;
        try
        {
            stored = await shared.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (honourPause)
            {
                Fault("read", exception);
            }

            Interlocked.Exchange(ref lastFailureTicks, time.GetUtcNow().UtcTicks);
            return (SharedPosition.Unreadable, null);
        }

        if (stored is null)
        {
            return (SharedPosition.Empty, null);
        }

        var (opened, number) = Open(orgId, topic, stored);
        if (opened is null)
        {
            telemetry?.ReplayStoreFault("tampered");
            LogTampered(orgId.Value, topic);
            return (SharedPosition.Unreadable, null);
        }

        if (number < written.GetValueOrDefault(key))
        {
            // Authentic, but from before a position this process has already seen: written back by someone who can
            // write Redis. Going back would replay; an old enough one would be refused by Salesforce and skip ahead.
            telemetry?.ReplayStoreFault("rolled_back");
            LogRolledBack(orgId.Value, topic);
            return (SharedPosition.Unreadable, null);
        }

        written.AddOrUpdate(key, number, (_, highest) => Math.Max(highest, number));
        if (opened.Length == 0)
        {
            local.TryRemove(key, out _);
            return (SharedPosition.Forgotten, null);
        }

        local[key] = opened;
        return (SharedPosition.Found, opened);
    }

    public async ValueTask SetAsync(SalesforceId orgId, string topic, byte[] replayId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replayId);
        local[Key(orgId, topic)] = replayId;
        await WriteSharedAsync(orgId, topic, replayId, "write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the position: here, and in Redis as a signed "forgotten" mark (an empty replay ID), so the
    /// instances standing by drop their copies too rather than give Salesforce's refused ID back.</summary>
    public async ValueTask ForgetAsync(SalesforceId orgId, string topic, CancellationToken cancellationToken)
    {
        local.TryRemove(Key(orgId, topic), out _);
        await WriteSharedAsync(orgId, topic, [], "removal", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteSharedAsync(SalesforceId orgId, string topic, byte[] replayId, string operation, CancellationToken cancellationToken)
    {
        if (!Usable())
        {
            return;
        }

        try
        {
            await shared!.SetAsync(Key(orgId, topic), Seal(orgId, topic, replayId), new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fault(operation, exception);
        }
    }

    /// <summary>Redis failed this process within the last two minutes: an empty Redis may be one that restarted.</summary>
    private bool RecentlyFailed() => time.GetUtcNow().UtcTicks - Interlocked.Read(ref lastFailureTicks) < TimeSpan.FromMinutes(2).Ticks;

    private bool Usable() => shared is not null && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref pausedUntilTicks);

    private void Fault(string operation, Exception exception)
    {
        Interlocked.Exchange(ref pausedUntilTicks, (time.GetUtcNow() + FaultPause).UtcTicks);
        Interlocked.Exchange(ref lastFailureTicks, time.GetUtcNow().UtcTicks);
        telemetry?.ReplayStoreFault(operation);
        LogStoreFault(operation, exception.GetType().Name, (long)FaultPause.TotalSeconds);
    }

    /// <summary><c>base64url(replay ID) "." write number "." base64url(ES256 signature)</c>: each write numbered one past
    /// the highest this process has seen for the key, so a position written back from before is told apart.</summary>
    private byte[] Seal(SalesforceId orgId, string topic, byte[] replayId)
    {
        var number = written.AddOrUpdate(Key(orgId, topic), 1, (_, highest) => highest + 1);
        var signature = signer!.SignData(Signed(orgId, topic, replayId, number), HashAlgorithmName.SHA256);
        return Encoding.ASCII.GetBytes(
            System.Buffers.Text.Base64Url.EncodeToString(replayId) + "." + number.ToString(CultureInfo.InvariantCulture) + "." + System.Buffers.Text.Base64Url.EncodeToString(signature));
    }

    /// <summary>The replay ID of an authentic entry (empty: the forgotten mark) and its write number; null when its
    /// signature does not hold.</summary>
    private (byte[]? ReplayId, long Number) Open(SalesforceId orgId, string topic, byte[] stored)
    {
        if (Encoding.ASCII.GetString(stored).Split('.') is not [var id, var numberText, var signatureText]
            || !long.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (null, 0);
        }

        try
        {
            var replayId = System.Buffers.Text.Base64Url.DecodeFromChars(id);
            var signature = System.Buffers.Text.Base64Url.DecodeFromChars(signatureText);
            var signed = Signed(orgId, topic, replayId, number);
            return (keys?.Verifies(signed, signature) == true ? replayId : null, number);
        }
        catch (FormatException)
        {
            return (null, 0);
        }
    }

    private static byte[] Signed(SalesforceId orgId, string topic, byte[] replayId, long number) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "sfcognitosso-replay-v3", orgId.Value, topic, Convert.ToHexString(replayId).ToLower(CultureInfo.InvariantCulture), number.ToString(CultureInfo.InvariantCulture)));

    /// <summary>v2: signed. An unsigned v1 position of an earlier version is never read.</summary>
    private string Key(SalesforceId orgId, string topic) => StoreKey(deployment, orgId, topic);

    /// <summary>Where a deployment's position for an org's topic is kept (Redis adds its <c>sfcognitosso:</c>).</summary>
    public static string StoreKey(string deployment, SalesforceId orgId, string topic) => $"replay:v3:{deployment}:{orgId.Value}:{topic}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out's replay store failed a {Operation} ({ExceptionType}): positions are kept in this process and the store is tried again in {PauseSeconds} s")]
    private partial void LogStoreFault(string operation, string exceptionType, long pauseSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out's replay position for org {OrgId} on {Topic} was missing from Redis (restarted empty?): this instance's copy is used and stored again")]
    private partial void LogRestored(string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out's stored replay position for org {OrgId} on {Topic} is older than one already seen (written back in Redis); not used")]
    private partial void LogRolledBack(string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out's stored replay position for org {OrgId} on {Topic} failed its integrity check (tampering, or a key mismatch between hosts); not used")]
    private partial void LogTampered(string orgId, string topic);

    private enum SharedPosition
    {
        Unreadable,
        Empty,
        Forgotten,
        Found,
    }
}
