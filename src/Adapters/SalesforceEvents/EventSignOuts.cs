using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// What one sign-out event means, applied: whom it names (for a gap event, only those one SOQL query finds inactive),
/// each handed to Core's SignOutUser in turn, Cognito's throttling waited out without counting as a failure. A user
/// the directory could not sign out ends the event as not done (<see cref="SignOutNotDoneException"/>), with the users
/// still to do, for the subscription to try again or park.
/// </summary>
public sealed partial class EventSignOuts(
    SalesforceUserStatus userStatus, ISender mediator, SignOutTelemetry telemetry, TimeProvider time, ILogger<EventSignOuts> logger, SweepRequests? sweeps = null)
{
    /// <summary>Signs out whom <paramref name="wanted"/> names; throws <see cref="SignOutNotDoneException"/> when the
    /// directory could not.</summary>
    internal async Task ApplyAsync(TrustedOrg org, OrgEventsSettings credentials, string topic, SignOutEvent wanted, byte[] replayId, CancellationToken stopping)
    {
        if (ReferenceEquals(wanted, SignOutEvent.Overflow))
        {
            telemetry.Event(topic, "gap_overflow");
            LogGapOverflow(org.OrgId.Value, Convert.ToHexString(replayId));
            // Whom it changed is unknown: the sweep asks Salesforce now.
            sweeps?.Now(org.OrgId);
            return;
        }

        if (wanted.Users.Count == 0)
        {
            telemetry.Event(topic, "no_sign_out");
            return;
        }

        if (wanted.At is { } at)
        {
            telemetry.Lag(topic, time.GetUtcNow() - at);
        }

        var users = wanted.Users;
        if (wanted.Unconfirmed)
        {
            try
            {
                users = await userStatus.InactiveAmongAsync(org, credentials, users, stopping).ConfigureAwait(false);
            }
            catch (UserStatusUnavailableException unavailable)
            {
                telemetry.Event(topic, "failed");
                LogStatusUnavailable(org.OrgId.Value, unavailable.Message);
                throw new SignOutNotDoneException(wanted.Users, wanted.Cause);
            }

            if (users.Count == 0)
            {
                telemetry.Event(topic, "still_active");
                return;
            }
        }

        for (var index = 0; index < users.Count; index++)
        {
            var user = users[index];
            var command = new SignOutUser(org.OrgId, user, wanted.Cause) { ChangedAt = wanted.ChangedAt?.GetValueOrDefault(user) };
            var result = await mediator.Send(command, stopping).ConfigureAwait(false);
            for (var throttled = 0; result.Throttled; throttled++)
            {
                // Cognito's quota, not this user: wait it out as long as it takes; never a try towards parking.
                telemetry.Event(topic, "throttled");
                await Task.Delay(ThrottledBackoff(throttled), time, stopping).ConfigureAwait(false);
                result = await mediator.Send(command, stopping).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                telemetry.Event(topic, "failed");
                throw new SignOutNotDoneException([.. users.Skip(index)], wanted.Cause);
            }

            telemetry.Event(topic, result.Outcome switch
            {
                SignOutUserOutcome.SignedOut => "signed_out",
                SignOutUserOutcome.UnknownUser => "unknown_user",
                SignOutUserOutcome.NotFound => "not_found",
                SignOutUserOutcome.AlreadySignedOut => "already_signed_out",
                _ => "not_trusted",
            });
        }
    }

    /// <summary>From 100 ms, doubling to 5 s, each wait drawn from its upper half: a quota refills within a second.</summary>
    private static TimeSpan ThrottledBackoff(int throttled)
    {
        var ceiling = Math.Min(5.0, 0.1 * Math.Pow(2, Math.Min(throttled, 6)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId}: a GAP_OVERFLOW user change (replay ID {ReplayId}) names no users; the sweep asks Salesforce now which users were deactivated")]
    private partial void LogGapOverflow(string orgId, string replayId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-out for org {OrgId}: which users of a gap event are inactive is unknown: {Problem}")]
    private partial void LogStatusUnavailable(string orgId, string problem);
}

/// <summary>The directory could not sign these users out (the first of them, and so the rest): the event is not
/// done, and is tried again or parked.</summary>
internal sealed class SignOutNotDoneException(IReadOnlyList<SalesforceId> users, SignOutCause cause) : Exception
{
    public IReadOnlyList<SalesforceId> Users { get; } = users;

    public SignOutCause Cause { get; } = cause;
}

/// <summary>What every subscription of a host shares: one Pub/Sub client, the tokens, the schemas, the replay
/// positions, the parked sign-outs, health, the event handler, the settings, telemetry and the clock.</summary>
internal sealed record SubscriptionServices(
    PubSub.PubSub.PubSubClient Client,
    OrgAccessTokens Tokens,
    EventSchemas Schemas,
    ReplayPositions Replays,
    ParkedSignOuts Parked,
    SingleSignOutHealth Health,
    EventSignOuts Events,
    SignOutEventsOptions Options,
    SignOutTelemetry Telemetry,
    TimeProvider Time,
    SweepRequests? Sweeps = null);
