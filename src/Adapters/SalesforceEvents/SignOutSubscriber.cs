using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Sessions;
using PubSubClient = SfCognitoSso.Adapters.SalesforceEvents.PubSub.PubSub.PubSubClient;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Single sign-out in a validator host: for every trusted org with an events app, one subscription to
/// each topic (<see cref="SignOutTopics"/>), over one gRPC channel to <c>SignOut__PubSubUrl</c>. Runs as long as the
/// host; a subscription that fails starts again by itself.
/// </summary>
public sealed partial class SignOutSubscriber(
    TrustedOrgs orgs,
    IOptions<TrustedOrgsOptions> trusted,
    IOptions<SignOutEventsOptions> options,
    OrgAccessTokens tokens,
    EventSchemas schemas,
    ReplayPositions replays,
    ParkedSignOuts parked,
    EventSignOuts events,
    SingleSignOutHealth health,
    SignOutTelemetry telemetry,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SignOutSubscriber> logger,
    Core.SignOut.ISignOutDirectory? directory = null,
    SubscriptionLeases? leases = null,
    UserSweep? sweep = null,
    SweepRequests? sweeps = null) : BackgroundService
{
    private GrpcChannel? channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stop reading as soon as the host begins to stop: a stream the server ends during shutdown is no fault.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = stopping.Token;

        // Begin once the host has started: hosted services start before the web server listens, and a host that
        // serves what the subscriber calls (the local stack's stand-in and pool) would refuse the first attempts.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // Why it cannot run is said before the directory check starts: whoever waits for that check reads health next.
        if (options.Value.ScalesToZero)
        {
            // Nothing keeps an instance of such a plan running for a stream: logouts would be read only by chance.
            LogScalesToZero(options.Value.FunctionsPlan!);
            health.NotRunning($"not running: the Functions plan (WEBSITE_SKU={options.Value.FunctionsPlan}) scales to zero; run single sign-out on a Premium plan or the Kestrel host");
            await CheckDirectoryAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        if (leases is null && !options.Value.SingleInstance)
        {
            // Without a lease every instance would act on every event: refuse rather than multiply, and say so.
            LogNotRunning();
            health.NotRunning("not running: set Cache__Redis (one subscriber across instances) or SignOut__SingleInstance=true");
            await CheckDirectoryAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var subscriptions = new List<Task> { CheckDirectoryAsync(stoppingToken) };

        channel = GrpcChannel.ForAddress(options.Value.PubSubUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                EnableMultipleHttp2Connections = true,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var shared = new SubscriptionServices(new PubSubClient(channel), tokens, schemas, replays, parked, health, events, options.Value, telemetry, time, sweeps);
        foreach (var settings in trusted.Value.Orgs.Where(settings => settings.Events.Enabled))
        {
            if (!SalesforceId.TryParseOrg(settings.OrgId, out var orgId) || !orgs.TryGet(orgId, out var org))
            {
                continue;
            }

            foreach (var topic in SignOutTopics.All)
            {
                var subscription = new TopicSubscription(org, settings.Events, topic, shared, logger);
                // The user changes' reader also sweeps the org: one sweep per deployment, beside the stream it backs up.
                var sweeping = topic == SignOutTopics.UserChange && sweep is not null && options.Value.SweepMinutes > 0
                    ? (Func<CancellationToken, Task>)(reading => sweep.RunAsync(org, settings.Events, TimeSpan.FromMinutes(options.Value.SweepMinutes), reading))
                    : null;
                subscriptions.Add(leases is null ? ReadAsync(subscription, sweeping, org.OrgId.Value, topic, stoppingToken) : UnderLeaseAsync(subscription, sweeping, org.OrgId.Value, topic, stoppingToken));
            }

            LogSubscribed(
                org.OrgId.Value,
                leases is null ? "this instance alone (SignOut__SingleInstance)" : "whichever instance holds the lease in Redis (the others stand by)",
                replays.Shared ? "Redis (signed)" : "this process only (a restart starts from the latest event; Redis needs Cache__Redis and Ticket__SigningKey)");
        }

        subscriptions.Add(RetryParkedAsync(stoppingToken));
        await Task.WhenAll(subscriptions).ConfigureAwait(false);
    }

    /// <summary>Every minute, the parked sign-outs whose wait is over are tried again (this process's own), or every
    /// one when an operator asked (<c>sfsso signout parked --retry</c>).</summary>
    private async Task RetryParkedAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ParkedSignOuts.FirstWait, time, stopping).ConfigureAwait(false);
                var asked = await parked.RetryAskedAsync(stopping).ConfigureAwait(false);
                await parked.RetryDueAsync(RetryAsync, stopping, now: asked).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // The retries must outlive any fault, or the event streams beside them would end with them.
                LogRetryFailed(exception.GetType().Name);
            }
        }
    }

    /// <summary>One parked sign-out again, as its event was applied: true when every user in it is signed out.</summary>
    internal async Task<bool> RetryAsync(ParkedSignOut entry, CancellationToken stopping)
    {
        var settings = trusted.Value.Orgs.FirstOrDefault(candidate => SalesforceId.TryParseOrg(candidate.OrgId, out var id) && id.Value == entry.OrgId);
        if (settings is null || !SalesforceId.TryParseOrg(entry.OrgId, out var orgId) || !orgs.TryGet(orgId, out var org))
        {
            // The org is no longer trusted: nothing of it is signed in here any more.
            return true;
        }

        var users = entry.UserIds.Select(id => SalesforceId.TryParseUser(id, out var user) ? user : (SalesforceId?)null).OfType<SalesforceId>().ToList();
        try
        {
            await events.ApplyAsync(org, settings.Events, entry.Topic, new SignOutEvent(entry.Cause, users), [], stopping).ConfigureAwait(false);
            return true;
        }
        catch (SignOutNotDoneException)
        {
            return false;
        }
    }

    /// <summary>Reads the topic, and sweeps beside it when asked to, until <paramref name="reading"/> ends or the
    /// subscription stops; then the sweep stops too.</summary>
    private async Task ReadAsync(TopicSubscription subscription, Func<CancellationToken, Task>? sweeping, string orgId, string topic, CancellationToken reading)
    {
        try
        {
            // What a process before this one parked for this subscription (and its sweep) is retried here from now on,
            // the first time at once (that process may have died an hour into its waits).
            var adopted = await parked.AdoptAsync(orgId, topic, reading).ConfigureAwait(false)
                + (sweeping is null ? 0 : await parked.AdoptAsync(orgId, UserSweep.MarkName, reading).ConfigureAwait(false));
            if (adopted > 0)
            {
                await parked.RetryDueAsync(RetryAsync, reading).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
            return;
        }

        if (sweeping is null)
        {
            await subscription.RunAsync(reading).ConfigureAwait(false);
            return;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(reading);
        var swept = sweeping(both.Token);
        await subscription.RunAsync(both.Token).ConfigureAwait(false);
        await both.CancelAsync().ConfigureAwait(false);
        await swept.ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the org's topic only while this instance holds its lease: asks for it, reads until the host stops or the
    /// lease is lost (then stops at once and asks again). Standing by while another instance holds it is well; Redis
    /// unreachable is not — no instance can take the lease then — so it counts as this subscription being down, and
    /// health degrades if it lasts.
    /// </summary>
    private async Task UnderLeaseAsync(TopicSubscription subscription, Func<CancellationToken, Task>? sweeping, string orgId, string topic, CancellationToken stopping)
    {
        var name = SingleSignOutHealth.SubscriptionName(orgId, topic);
        while (!stopping.IsCancellationRequested)
        {
            Medallion.Threading.Redis.RedisDistributedLockHandle? lease;
            try
            {
                // Where the subscription got to, read before each ask: whichever instance takes the lease after a
                // Redis restart must hold a copy to give back — a newcomer included, from its first ask.
                await subscription.FollowReplayPositionAsync(stopping).ConfigureAwait(false);
                lease = await leases!.TryAcquireAsync(orgId, topic, stopping).ConfigureAwait(false);
                if (lease is null)
                {
                    // Standing by is well only while the holder proves it is one of ours.
                    if (!leases.Attests || await leases.HolderAttestedAsync(orgId, topic).ConfigureAwait(false))
                    {
                        health.Up(name);
                    }
                    else if (health.Unattested(name))
                    {
                        LogLeaseUnattested(orgId, topic);
                    }

                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                health.Down(name);
                LogLeaseUnavailable(orgId, topic, exception.GetType().Name);
                try
                {
                    await Task.Delay(SubscriptionLeases.Renewal, time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await using (lease.ConfigureAwait(false))
            {
                var heldSince = time.GetTimestamp();
                LogLeaseHeld(orgId, topic);
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.HandleLostToken);
                var beating = BeatWhileReadingAsync(orgId, topic, reading.Token);
                await ReadAsync(subscription, sweeping, orgId, topic, reading.Token).ConfigureAwait(false);
                await reading.CancelAsync().ConfigureAwait(false);
                await beating.ConfigureAwait(false);
                if (!stopping.IsCancellationRequested)
                {
                    LogLeaseLost(orgId, topic, (long)time.GetElapsedTime(heldSince).TotalSeconds);
                }
            }
        }
    }

    /// <summary>The holder's heartbeat, at once and every renewal while it reads; a failed write waits for the next.</summary>
    private async Task BeatWhileReadingAsync(string orgId, string topic, CancellationToken reading)
    {
        while (!reading.IsCancellationRequested)
        {
            try
            {
                await leases!.BeatAsync(orgId, topic).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The lease library notices a Redis that is gone; the heartbeat only waits for the next renewal.
            }

            try
            {
                await Task.Delay(SubscriptionLeases.Renewal, time, reading).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Says at start-up, in one line, whether the directory lets this deployment sign users out: without
    /// the permission every sign-out would fail, and only warnings would show.</summary>
    private async Task CheckDirectoryAsync(CancellationToken stopping)
    {
        if (directory is null)
        {
            LogDirectoryAnswered("no directory that can sign users out is configured");
            health.DirectoryAnswered("no directory that can sign users out is configured");
            return;
        }

        Core.SignOut.DirectorySignOut answer;
        try
        {
            answer = await directory.ProbeAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        if (answer == Core.SignOut.DirectorySignOut.UnknownUser)
        {
            LogDirectoryAllows();
            health.DirectoryAnswered(null);
            return;
        }

        var why = answer == Core.SignOut.DirectorySignOut.Throttled
            ? "the directory throttled the start-up check of its sign-out permission"
            : "the directory refused the start-up check of its sign-out permission (grant cognito-idp:AdminUserGlobalSignOut; our Terraform's single_sign_out_enabled)";
        LogDirectoryAnswered(why);
        health.DirectoryAnswered(why);
    }

    public override void Dispose()
    {
        channel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out may sign users out of the directory (checked: a dry sign-out of a user that cannot exist was refused as unknown, not as forbidden)")]
    private partial void LogDirectoryAllows();

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out cannot sign users out: {Why}; /healthz reports it degraded")]
    private partial void LogDirectoryAnswered(string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out reads logout and user change events of org {OrgId} on {Reader}; replay positions kept in {ReplayStore}")]
    private partial void LogSubscribed(string orgId, string reader, string replayStore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out is not running: without Cache__Redis no lease keeps several instances from each acting on every event; set Cache__Redis, or SignOut__SingleInstance=true where this is the only instance")]
    private partial void LogNotRunning();

    [LoggerMessage(Level = LogLevel.Error, Message = "Single sign-out is not running: this Functions plan (WEBSITE_SKU={Plan}) scales to zero and keeps no instance alive for a background stream, so logouts would be read only while requests happen to arrive; run the validator on a Premium plan (always-ready instances) or the Kestrel host in a container with at least one replica")]
    private partial void LogScalesToZero(string plan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out for org {OrgId} on {Topic}: this instance holds the lease and reads")]
    private partial void LogLeaseHeld(string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic}: the lease is held, but its holder shows no signed heartbeat of this deployment; health degrades if this lasts")]
    private partial void LogLeaseUnattested(string orgId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic}: the lease was lost after {HeldSeconds} s; stopped reading and standing by")]
    private partial void LogLeaseLost(string orgId, string topic, long heldSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId} on {Topic}: the lease could not be asked for ({ExceptionType}); trying again")]
    private partial void LogLeaseUnavailable(string orgId, string topic, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out could not retry its parked sign-outs this round ({ExceptionType}); it tries again in a minute")]
    private partial void LogRetryFailed(string exceptionType);
}
