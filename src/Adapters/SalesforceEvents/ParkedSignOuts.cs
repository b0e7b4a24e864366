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
}

/// <summary>
/// The dead-letter list of single sign-out: every parked event is logged at Error with its replay ID and users,
/// counted, kept here (the latest <see cref="Capacity"/>, for health and tests) and, with Redis, written under
/// <c>sfcognitosso:signout:parked:v2:&lt;deployment&gt;:&lt;org&gt;:&lt;topic&gt;:&lt;replay ID&gt;</c> for
/// <see cref="Retention"/>, where an operator lists them (<c>redis-cli --scan --pattern 'sfcognitosso:signout:parked:*'</c>).
/// </summary>
public sealed partial class ParkedSignOuts(TimeProvider time, ILogger<ParkedSignOuts> logger, IDistributedCache? shared = null, SignOutDeployment? deployment = null)
{
    public const int Capacity = 1000;

    /// <summary>Longer than Salesforce keeps the event (72 h), so it can still be replayed when read.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly Lock gate = new();
    private readonly Queue<ParkedSignOut> kept = new();
    private long count;

    /// <summary>Parked since this process started.</summary>
    public long Count => Interlocked.Read(ref count);

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
        }

        Interlocked.Increment(ref count);
        LogParked(entry.ToString());
        if (shared is null)
        {
            return;
        }

        try
        {
            await shared.SetAsync(
                $"signout:parked:v2:{(deployment ?? SignOutDeployment.Default).Name}:{entry.OrgId}:{topic}:{entry.ReplayId}",
                Encoding.UTF8.GetBytes(entry.ToString()),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Retention },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged above and kept here: the store is a convenience, never a reason to stop.
            LogStoreFault(exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out parked an event after repeated failures (the users in it are not signed out; replay it once the directory accepts sign-outs): {Entry}")]
    private partial void LogParked(string entry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A parked sign-out could not be written to Redis ({ExceptionType}); it is in the log line above")]
    private partial void LogStoreFault(string exceptionType);
}
