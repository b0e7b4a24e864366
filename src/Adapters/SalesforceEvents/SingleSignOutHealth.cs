using System.Collections.Concurrent;
using System.Globalization;
using SfCognitoSso.Core.Health;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Single sign-out's health, for <c>/healthz</c>: degraded while a subscription has been down longer than
/// <see cref="DownLimit"/>, once any event was parked, or when the directory refused the start-up check (every
/// sign-out would fail). Quiet failure is what single sign-out must never do: each is named in the answer.
/// </summary>
public sealed class SingleSignOutHealth(ParkedSignOuts parked, TimeProvider time) : IComponentHealth
{
    /// <summary>Longer than a reconnection with its backoff takes (at most <c>SignOut__MaxBackoffSeconds</c>, 60 s).</summary>
    public static readonly TimeSpan DownLimit = TimeSpan.FromSeconds(120);

    private readonly ConcurrentDictionary<string, DateTimeOffset> downSince = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> orgCauses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> unattestedSince = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource directoryChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource orgRefused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, (DateTimeOffset? From, DateTimeOffset To)> missedLogouts = new(StringComparer.Ordinal);
    private volatile string? directoryRefusal;

    /// <summary>How long /healthz names a stretch whose logouts may have been missed (then the log keeps it).</summary>
    public static readonly TimeSpan MissedLogoutsShown = TimeSpan.FromHours(24);

    /// <summary>The org's logout stream resumed past a stretch Salesforce no longer keeps: logouts between
    /// <paramref name="from"/> (the last position this process stored; null when before it started) and
    /// <paramref name="to"/> may have been missed, and no sweep can find them.</summary>
    public void LogoutsMayBeMissed(string orgId, DateTimeOffset? from, DateTimeOffset to) => missedLogouts[orgId] = (from, to);
    private volatile string? notRunning;

    /// <summary>Completes once the start-up check of the directory's sign-out permission has answered.</summary>
    public Task DirectoryChecked => directoryChecked.Task;

    /// <summary>How health names a subscription: org and topic, nothing secret.</summary>
    public static string SubscriptionName(string orgId, string topic) => $"{orgId} {topic}";

    /// <summary>The subscription is well: reading (its stream delivered a response), or standing by while another
    /// instance holds its lease.</summary>
    public void Up(string subscription)
    {
        downSince.TryRemove(subscription, out _);
        unattestedSince.TryRemove(subscription, out _);
    }

    /// <summary>Standing by, but the lease's holder shows no fresh signed heartbeat: it may not be this deployment's.
    /// True when this starts a run of such rounds (said once, not every round).</summary>
    public bool Unattested(string subscription)
    {
        downSince.TryRemove(subscription, out _);
        return unattestedSince.TryAdd(subscription, time.GetUtcNow());
    }

    /// <summary>The subscription is not reading; the first of a run of failures counts.</summary>
    public void Down(string subscription) => downSince.TryAdd(subscription, time.GetUtcNow());

    /// <summary>The org refuses the events app for a reason an admin must fix: degraded at once, naming it. True when
    /// this is news (the cause was not already reported), so it is logged once and not at every retry.</summary>
    public bool OrgRefused(string orgId, string cause)
    {
        var news = true;
        orgCauses.AddOrUpdate(orgId, cause, (_, old) => (news = old != cause) ? cause : old);
        orgRefused.TrySetResult();
        return news;
    }

    /// <summary>Completes the first time an org refuses the events app for a reason an admin must fix.</summary>
    public Task FirstOrgRefusal => orgRefused.Task;

    /// <summary>The org gave the events app a token it can use: whatever it refused before is fixed.</summary>
    public void OrgAccepted(string orgId) => orgCauses.TryRemove(orgId, out _);

    /// <summary>Single sign-out is configured but cannot run here, and why.</summary>
    public void NotRunning(string why) => notRunning = why;

    /// <summary>The start-up check answered: why the directory refuses sign-outs, or null when it allows them.</summary>
    public void DirectoryAnswered(string? why)
    {
        directoryRefusal = why;
        directoryChecked.TrySetResult();
    }

    public ComponentStatus Status()
    {
        var problems = new List<string>();
        var now = time.GetUtcNow();
        foreach (var (subscription, since) in downSince)
        {
            if (now - since > DownLimit)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{subscription} down for {(long)(now - since).TotalSeconds} s"));
            }
        }

        foreach (var (subscription, since) in unattestedSince)
        {
            if (now - since > DownLimit)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{subscription}: its lease is held, but no instance of this deployment has shown a signed heartbeat for {(long)(now - since).TotalSeconds} s (single sign-out may be stopped; anyone who can write Redis can hold the lease)"));
            }
        }

        foreach (var (orgId, (from, to)) in missedLogouts)
        {
            if (now - to <= MissedLogoutsShown)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"org {orgId}: logouts from {(from is { } start ? start.ToString("O", CultureInfo.InvariantCulture) : "before this process started")} to {to:O} may have been missed (the stored position was past Salesforce's retention; logouts cannot be swept)"));
            }
        }

        foreach (var (orgId, cause) in orgCauses)
        {
            problems.Add($"org {orgId}: {cause}");
        }

        if (parked.Outstanding > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{parked.Outstanding} sign-out(s) parked"));
        }

        if (notRunning is { } stopped)
        {
            problems.Add(stopped);
        }

        if (directoryRefusal is { } refusal)
        {
            problems.Add(refusal);
        }

        return new ComponentStatus("singleSignOut", problems.Count > 0, problems.Count > 0 ? string.Join("; ", problems.Order(StringComparer.Ordinal)) : null);
    }
}
