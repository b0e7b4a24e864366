using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// The level-triggered half of single sign-out: every <see cref="SignOutEventsOptions.SweepMinutes"/>, and at once
/// when the event stream lost a stretch (its replay position past Salesforce's retention, a <c>GAP_OVERFLOW</c>), the
/// instance reading an org's user changes asks Salesforce which users were deactivated, and which were frozen, since
/// its high-water mark, and signs them out. Events make single sign-out fast; the sweep makes it converge, whatever
/// the stream missed. The mark is the newest change time the queries returned (<c>User.SystemModstamp</c>,
/// <c>UserLogin.LastModifiedDate</c>: Salesforce's clock, never ours), kept
/// with the replay positions, signed the same way.
/// </summary>
public sealed partial class UserSweep(
    IHttpClientFactory httpClients,
    OrgAccessTokens tokens,
    ReplayPositions marks,
    EventSignOuts signOuts,
    ParkedSignOuts parked,
    SignOutTelemetry telemetry,
    SweepRequests requests,
    TimeProvider time,
    ILogger<UserSweep> logger,
    string apiVersion = "v62.0")
{
    /// <summary>Where the mark is kept beside the topics' replay positions, and the parked sign-outs' "topic".</summary>
    public const string MarkName = "/sfsso/sweep";

    /// <summary>With no mark yet, the sweep looks back as far as Salesforce keeps events: older changes could never
    /// have been read from the stream either.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(72);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> frozenUnreadable = new(StringComparer.Ordinal);

    /// <summary>Sweeps the org at once and then every <paramref name="interval"/>, or when <see cref="Now"/> asks, until
    /// <paramref name="reading"/> ends (the host stops, or this instance lost the org's lease).</summary>
    internal async Task RunAsync(TrustedOrg org, OrgEventsSettings credentials, TimeSpan interval, CancellationToken reading)
    {
        var signal = requests.Signal(org.OrgId);
        while (!reading.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(org, credentials, reading).ConfigureAwait(false);
                // The next sweep: at the interval on the host's clock, or sooner when asked.
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(reading);
                var asked = signal.WaitAsync(waiting.Token);
                await Task.WhenAny(asked, Task.Delay(interval, time, waiting.Token)).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                try
                {
                    await asked.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The interval came first: the request, if any, is still there for the next wait.
                }
            }
            catch (OperationCanceledException) when (reading.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!reading.IsCancellationRequested)
            {
                // Whatever failed (the events app's token, Redis, the directory), the sweep must outlive it and
                // never take the event stream down with it: it says so and runs at the next interval.
                telemetry.Event(MarkName, "failed");
                LogSweepFailed(org.OrgId.Value, exception.GetType().Name);
                try
                {
                    await Task.Delay(interval, time, reading).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One sweep: both queries from the mark, every user found signed out (or parked), then the new mark.</summary>
    internal async Task SweepAsync(TrustedOrg org, OrgEventsSettings credentials, CancellationToken stopping)
    {
        var stored = await marks.GetAsync(org.OrgId, MarkName, stopping).ConfigureAwait(false);
        var since = stored is { Length: 8 } ? new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(stored), TimeSpan.Zero) : time.GetUtcNow() - FirstLookBack;
        List<Changed> deactivated;
        List<Changed> frozen = [];
        try
        {
            deactivated = await QueryAsync(org, credentials, $"SELECT Id, SystemModstamp FROM User WHERE IsActive = false AND SystemModstamp > {Soql(since)} ORDER BY SystemModstamp", "Id", "SystemModstamp", stopping).ConfigureAwait(false);
            try
            {
                frozen = await QueryAsync(org, credentials, $"SELECT UserId, LastModifiedDate FROM UserLogin WHERE IsFrozen = true AND LastModifiedDate > {Soql(since)} ORDER BY LastModifiedDate", "UserId", "LastModifiedDate", stopping).ConfigureAwait(false);
                frozenUnreadable.TryRemove(org.OrgId.Value, out _);
            }
            catch (QueryRefusedException refused) when (refused.Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
            {
                // The run-as user may not read UserLogin (the events app's permission set grants it as an opt-in):
                // deactivations are still swept; frozen users wait for the user's next event.
                if (frozenUnreadable.TryAdd(org.OrgId.Value, true))
                {
                    LogFrozenUnreadable(org.OrgId.Value, (int)refused.Status);
                }
            }
        }
        catch (Exception exception) when (exception is UserStatusUnavailableException or QueryRefusedException && !stopping.IsCancellationRequested)
        {
            telemetry.Event(MarkName, "failed");
            LogSweepFailed(org.OrgId.Value, exception.Message);
            return;
        }

        foreach (var (cause, found) in new[] { (SignOutCause.Deactivated, deactivated), (SignOutCause.Frozen, frozen) })
        {
            if (found.Count == 0)
            {
                continue;
            }

            var users = found.Select(change => change.User).Distinct().ToList();
            LogFound(org.OrgId.Value, users.Count, cause);
            try
            {
                var changedAt = found.GroupBy(change => change.User).ToDictionary(group => group.Key, group => group.Max(change => change.At));
                await signOuts.ApplyAsync(org, credentials, MarkName, new SignOutEvent(cause, users) { ChangedAt = changedAt }, [], stopping).ConfigureAwait(false);
            }
            catch (SignOutNotDoneException notDone)
            {
                await parked.ParkAsync(org.OrgId, MarkName, [], notDone.Users, notDone.Cause, stopping).ConfigureAwait(false);
            }
        }

        var newest = deactivated.Concat(frozen).Select(change => change.At).DefaultIfEmpty(since).Max();
        if (newest > since || stored is null)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, newest.UtcTicks);
            await marks.SetAsync(org.OrgId, MarkName, bytes, stopping).ConfigureAwait(false);
        }

        if (deactivated.Count + frozen.Count == 0)
        {
            LogNothing(org.OrgId.Value);
        }

        telemetry.Event(MarkName, deactivated.Count + frozen.Count == 0 ? "swept_nothing" : "swept");
    }

    /// <summary>SOQL's datetime literal: UTC, to the millisecond.</summary>
    private static string Soql(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed record Changed(SalesforceId User, DateTimeOffset At);

    /// <summary>Every record of the query, page after page (Salesforce's <c>nextRecordsUrl</c>, on the org's own
    /// instance only), 2,000 per page.</summary>
    private async Task<List<Changed>> QueryAsync(TrustedOrg org, OrgEventsSettings credentials, string soql, string userField, string stampField, CancellationToken stopping)
    {
        var found = new List<Changed>();
        string? next = $"services/data/{apiVersion}/query?q={Uri.EscapeDataString(soql)}";
        while (next is not null)
        {
            next = await SoqlPage.GetAsync(httpClients, tokens, org, credentials, next, "which users changed", page =>
            {
                foreach (var record in page.GetProperty("records").EnumerateArray())
                {
                    if (SalesforceId.TryParseUser(record.GetProperty(userField).GetString(), out var user)
                        && DateTimeOffset.TryParseExact(record.GetProperty(stampField).GetString(), "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    {
                        found.Add(new Changed(user, at));
                    }
                }

                // Only a page of a query on the org's own instance is followed.
                return page.TryGetProperty("nextRecordsUrl", out var more) && more.GetString() is { } url
                    && url.StartsWith($"/services/data/{apiVersion}/query/", StringComparison.Ordinal) ? url[1..] : null;
            }, stopping, batchSize: 2000).ConfigureAwait(false);
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out sweep of org {OrgId}: {Count} users found {Cause} since the last sweep; signing them out")]
    private partial void LogFound(string orgId, int count, SignOutCause cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Single sign-out sweep of org {OrgId}: no user deactivated or frozen since the last sweep")]
    private partial void LogNothing(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out sweep of org {OrgId} did not run: {Problem}; it runs again at the next interval")]
    private partial void LogSweepFailed(string orgId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out sweep of org {OrgId}: the events app's user may not read UserLogin (HTTP {Status}): frozen users are not swept, deactivated ones are (assign the permission set's opt-in, docs/deploy.md)")]
    private partial void LogFrozenUnreadable(string orgId, int status);
}

/// <summary>Asks for an org's sweep now, not at its next interval: whoever saw the event stream lose a stretch.</summary>
public sealed class SweepRequests
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> signals = new(StringComparer.Ordinal);

    public void Now(SalesforceId orgId)
    {
        var signal = Signal(orgId);
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Asked already: one sweep answers both.
            }
        }
    }

    internal SemaphoreSlim Signal(SalesforceId orgId) => signals.GetOrAdd(orgId.Value, _ => new SemaphoreSlim(0, 1));
}
