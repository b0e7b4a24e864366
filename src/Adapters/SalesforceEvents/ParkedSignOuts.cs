using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>A sign-out that kept failing and was set aside so the stream could move on.</summary>
/// <param name="ReplayId">The event's replay ID, hex: replay from just before it to deliver it again.</param>
/// <param name="UserIds">The users (18 characters) not yet signed out when it was parked.</param>
public sealed record ParkedSignOut(string OrgId, string Topic, string ReplayId, IReadOnlyList<string> UserIds, SignOutCause Cause, DateTimeOffset ParkedAt)
{
    /// <summary>One line, as logged and as kept in Redis: nothing secret (IDs only).</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"org={OrgId} topic={Topic} replayId={ReplayId} users={string.Join(',', UserIds)} cause={Cause} parkedAt={ParkedAt:O}");

    /// <summary>The entry a line of <see cref="ToString"/> names, or null for any other text.</summary>
    public static ParkedSignOut? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ').Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return fields.TryGetValue("org", out var org) && fields.TryGetValue("topic", out var topic) && fields.TryGetValue("replayId", out var replayId)
            && fields.TryGetValue("users", out var users) && fields.TryGetValue("cause", out var causeText) && Enum.TryParse<SignOutCause>(causeText, out var cause)
            && fields.TryGetValue("parkedAt", out var parkedAtText)
            && DateTimeOffset.TryParseExact(parkedAtText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parkedAt)
            ? new ParkedSignOut(org, topic, replayId, users.Length == 0 ? [] : users.Split(','), cause, parkedAt)
            : null;
    }
}

/// <summary>
/// The dead-letter list of single sign-out: every parked event is logged at Error with its replay ID and users,
/// counted, kept here (the latest <see cref="Capacity"/>), tried again by this process (<see cref="RetryDueAsync"/>:
/// after 1 minute, doubling to 1 hour, until it succeeds or <see cref="Retention"/> passes) and, with Redis, written under
/// <c>sfcognitosso:signout:parked:v2:&lt;deployment&gt;:&lt;org&gt;:&lt;topic&gt;:&lt;replay ID&gt;</c> for
/// <see cref="Retention"/>, where an operator lists them (<c>redis-cli --scan --pattern 'sfcognitosso:signout:parked:*'</c>).
/// </summary>
public sealed partial class ParkedSignOuts(TimeProvider time, ILogger<ParkedSignOuts> logger, IDistributedCache? shared = null, SignOutDeployment? deployment = null) : IDisposable
{
    public void Dispose() => indexWrites.Dispose();

    public const int Capacity = 1000;

    /// <summary>Longer than Salesforce keeps the event (72 h), so it can still be replayed when read.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The first retry's wait; each next one doubles, up to <see cref="LongestWait"/>.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly Lock gate = new();
    private readonly Queue<ParkedSignOut> kept = new();
    private readonly List<Pending> pending = [];
    private long count;

    private sealed class Pending(ParkedSignOut entry, DateTimeOffset due)
    {
        public ParkedSignOut Entry { get; } = entry;

        public DateTimeOffset Due { get; set; } = due;

        public int Tries { get; set; }
    }

    /// <summary>Parked since this process started.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Parked and not yet signed out: what keeps single sign-out's health degraded.</summary>
    public int Outstanding
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>
    /// Tries again every parked sign-out whose wait is over (or every one, <paramref name="now"/> true: an operator's
    /// "retry now"): one that <paramref name="retry"/> signs out is done and removed; one that fails waits twice as long
    /// (at most <see cref="LongestWait"/>); one older than <see cref="Retention"/> is given up, at Error. Returns how
    /// many were signed out.
    /// </summary>
    public async Task<int> RetryDueAsync(Func<ParkedSignOut, CancellationToken, Task<bool>> retry, CancellationToken cancellationToken, bool now = false)
    {
        ArgumentNullException.ThrowIfNull(retry);
        List<Pending> due;
        List<Pending> expired;
        var at = time.GetUtcNow();
        lock (gate)
        {
            expired = pending.Where(item => at - item.Entry.ParkedAt > Retention).ToList();
            foreach (var item in expired)
            {
                pending.Remove(item);
                var entryText = item.Entry.ToString();
                LogGivenUp(entryText);
            }

            due = [.. pending.Where(item => now || item.Due <= at)];
        }

        foreach (var item in expired)
        {
            await ChangeIndexAsync(item.Entry.OrgId, item.Entry.Topic, lines => lines.Remove(item.Entry.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var done = 0;
        foreach (var item in due)
        {
            if (await retry(item.Entry, cancellationToken).ConfigureAwait(false))
            {
                lock (gate)
                {
                    pending.Remove(item);
                }

                done++;
                var entryText = item.Entry.ToString();
                LogRetried(entryText, item.Tries + 1);
                await ForgetStoredAsync(item.Entry, cancellationToken).ConfigureAwait(false);
                await ChangeIndexAsync(item.Entry.OrgId, item.Entry.Topic, lines => lines.Remove(item.Entry.ToString()), cancellationToken).ConfigureAwait(false);
                continue;
            }

            item.Tries++;
            item.Due = time.GetUtcNow() + TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, FirstWait.Ticks << Math.Min(item.Tries, 10)));
        }

        return done;
    }

    private async ValueTask ForgetStoredAsync(ParkedSignOut entry, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return;
        }

        try
        {
            await shared.RemoveAsync(StoreKey(entry), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault(exception.GetType().Name);
        }
    }

    // An operator's ask to retry now (sfsso signout parked --retry): whoever may write Redis may ask, nobody else.
    private long retryAskSeen = -1;

    /// <summary>Whether an operator asked for a retry since this process last looked (the first look only learns
    /// the latest ask, so an old ask is not taken as new after a restart).</summary>
    public async Task<bool> RetryAskedAsync(CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return false;
        }

        byte[]? value;
        try
        {
            value = await shared.GetAsync(ParkedSignOutKeys.RetryAsk((deployment ?? SignOutDeployment.Default).Name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault(exception.GetType().Name);
            return false;
        }

        var asked = value is null ? 0 : long.TryParse(Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
        var seen = Interlocked.Exchange(ref retryAskSeen, asked);
        return seen >= 0 && asked > seen;
    }

    private string StoreKey(ParkedSignOut entry) =>
        $"{ParkedSignOutKeys.Prefix((deployment ?? SignOutDeployment.Default).Name)}{entry.OrgId}:{entry.Topic}:{entry.ReplayId}";

    public IReadOnlyList<ParkedSignOut> Latest
    {
        get
        {
            lock (gate)
            {
                return [.. kept];
            }
        }
    }

    public async ValueTask ParkAsync(SalesforceId orgId, string topic, byte[] replayId, IReadOnlyList<SalesforceId> users, SignOutCause cause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var entry = new ParkedSignOut(orgId.Value, topic, Convert.ToHexString(replayId), [.. users.Select(user => user.Value)], cause, time.GetUtcNow());
        lock (gate)
        {
            kept.Enqueue(entry);
            if (kept.Count > Capacity)
            {
                kept.Dequeue();
            }

            pending.Add(new Pending(entry, entry.ParkedAt + FirstWait));
            if (pending.Count > Capacity)
            {
                var oldest = pending[0].Entry.ToString();
                LogGivenUp(oldest);
                pending.RemoveAt(0);
            }
        }

        Interlocked.Increment(ref count);
        if (shared is null)
        {
            LogParked(entry.ToString());
            return;
        }

        try
        {
            await shared.SetAsync(
                StoreKey(entry),
                Encoding.UTF8.GetBytes(entry.ToString()),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Retention },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged below and kept here: the store is a convenience, never a reason to stop.
            LogStoreFault(exception.GetType().Name);
        }

        await ChangeIndexAsync(entry.OrgId, entry.Topic, lines => lines.Add(entry.ToString()), cancellationToken).ConfigureAwait(false);
        // Said once it is kept: whoever reads this line can count on the lease's next holder finding the entry.
        LogParked(entry.ToString());
    }

    // One change of this process's to an index at a time (a park beside a retry's removal would lose one of them).
    private readonly SemaphoreSlim indexWrites = new(1, 1);

    /// <summary>
    /// Takes over the parked sign-outs a process of the deployment left for this subscription (it died or lost the
    /// lease, and with it its retries): called by the lease's new holder, and by a lone instance as it starts. Each is
    /// tried at the next retry, then on the usual waits. Returns how many were taken over.
    /// </summary>
    public async Task<int> AdoptAsync(string orgId, string topic, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return 0;
        }

        List<ParkedSignOut> left;
        try
        {
            left = [.. Lines(await shared.GetAsync(IndexKey(orgId, topic), cancellationToken).ConfigureAwait(false)).Select(ParkedSignOut.TryParse).OfType<ParkedSignOut>()];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault(exception.GetType().Name);
            return 0;
        }

        var adopted = 0;
        lock (gate)
        {
            foreach (var entry in left.Where(entry => !pending.Exists(item => item.Entry.ToString() == entry.ToString())))
            {
                pending.Add(new Pending(entry, time.GetUtcNow()));
                adopted++;
            }
        }

        if (adopted > 0)
        {
            LogAdopted(adopted, orgId, topic);
        }

        return adopted;
    }

    private static List<string> Lines(byte[]? index) =>
        index is null ? [] : [.. Encoding.UTF8.GetString(index).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private string IndexKey(string orgId, string topic) => ParkedSignOutKeys.Index((deployment ?? SignOutDeployment.Default).Name, orgId, topic);

    /// <summary>The subscription's parked sign-outs in one value, which whoever holds its lease next reads.</summary>
    private async ValueTask ChangeIndexAsync(string orgId, string topic, Action<List<string>> change, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return;
        }

        await indexWrites.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lines = Lines(await shared.GetAsync(IndexKey(orgId, topic), cancellationToken).ConfigureAwait(false));
            change(lines);
            if (lines.Count == 0)
            {
                await shared.RemoveAsync(IndexKey(orgId, topic), cancellationToken).ConfigureAwait(false);
                return;
            }

            await shared.SetAsync(
                IndexKey(orgId, topic),
                Encoding.UTF8.GetBytes(string.Join('\n', lines.Distinct(StringComparer.Ordinal).TakeLast(Capacity))),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Retention },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault(exception.GetType().Name);
        }
        finally
        {
            indexWrites.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out parked an event after repeated failures (the users in it are not signed out yet; it is tried again in 1 minute, then less often, for 7 days): {Entry}")]
    private partial void LogParked(string entry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out took over {Count} parked sign-out(s) of org {OrgId} on {Topic} left by another process of the deployment; they are tried now")]
    private partial void LogAdopted(int count, string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out signed out a parked event's users on try {Tries}: {Entry}")]
    private partial void LogRetried(string entry, int tries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out gave up a parked event (older than 7 days, or over the 1000 kept): its users are not signed out by it: {Entry}")]
    private partial void LogGivenUp(string entry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A parked sign-out could not be written to Redis ({ExceptionType}); it is in the log line above")]
    private partial void LogStoreFault(string exceptionType);
}
