using System.Diagnostics.CodeAnalysis;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Core.Flows;

/// <summary>Single sign-out: Salesforce says this user's sessions ended (<paramref name="Cause"/>); end the user's
/// sign-in here too. <paramref name="OrgId"/> is the org whose event stream said so, never a value from the event.</summary>
public sealed record SignOutUser(SalesforceId OrgId, SalesforceId UserId, SignOutCause Cause) : ICommand<SignOutUserResult>
{
    /// <summary>When Salesforce changed the user, for a sign-out found by a sweep rather than told by an event: a user
    /// the directory already signed out at or after it is left alone (the event got there first).</summary>
    public DateTimeOffset? ChangedAt { get; init; }
}

/// <summary>What a sign-out came to. Only a <see cref="Refusal"/> is worth trying again.</summary>
public enum SignOutUserOutcome
{
    /// <summary>The user was signed out.</summary>
    SignedOut,

    /// <summary>Not a user of an org this deployment trusts: ignored.</summary>
    NotTrusted,

    /// <summary>A user this directory does not hold (never signed in here): nothing to end.</summary>
    UnknownUser,

    /// <summary>A sweep's user the directory signed out already, at or after Salesforce's change: nothing to do.</summary>
    AlreadySignedOut,

    /// <summary>Email mode: no user is named after the Salesforce user, and the user linked to it by email cannot be
    /// found — Salesforce gives no email, or no user with it records this Salesforce user. Counted apart from
    /// "never signed in here", because it may be ours.</summary>
    NotFound,
}

/// <summary>What a sign-out came to, or why it failed.</summary>
public sealed record SignOutUserResult : IFlowResult<SignOutUserResult>
{
    private SignOutUserResult(SignOutUserOutcome outcome, Refusal? failure) => (Outcome, Refusal) = (outcome, failure);

    /// <summary>What was done, when it succeeded.</summary>
    public SignOutUserOutcome Outcome { get; }

    /// <summary>Why not, when it failed: try again.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True unless the sign-out failed.</summary>
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    /// <summary>The directory's quota, not this sign-out, is the problem: wait and try again; never give it up.</summary>
    public bool Throttled => ReferenceEquals(Refusal, Core.Refusal.DirectoryThrottled);

    /// <summary>A sign-out done (or nothing to do).</summary>
    public static SignOutUserResult Done(SignOutUserOutcome outcome) => new(outcome, failure: null);

    /// <summary>A sign-out that failed, and why.</summary>
    public static SignOutUserResult Refused(Refusal failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));
}

/// <summary>
/// Which user, which org, what to revoke: a trusted org's user (by its 18-character IDs, the username every first
/// sign-in gives it), the cached proofs of its sessions first — so none can be used while the directory is being
/// told — then the directory: the user's sign-out mark (which Verify reads, in whatever cloud it runs) and its
/// refresh tokens. Idempotent, because events arrive at least once.
/// </summary>
/// <remarks><c>directory</c>: Null where the directory cannot sign users out: every sign-out then fails as the
/// directory being unavailable, and is retried.</remarks>
/// <remarks><c>revocations</c>: Null where nothing is cached.</remarks>
/// <remarks><c>users</c>: Email mode: the Salesforce user's email, to find the user it was linked to.</remarks>
/// <remarks><c>linkedUsers</c>: Email mode: the directory's users by verified email.</remarks>
/// <remarks><c>links</c>: Email mode: the links kept at sign-in, by Salesforce IDs (tried before the email).</remarks>
internal sealed partial class SignOutUserHandler(
    TrustedOrgs trustedOrgs,
    TimeProvider time,
    ILogger<SignOutUserHandler> logger,
    IOptions<IdentityOptions> identityOptions,
    ISignOutDirectory? directory = null,
    ISessionRevocations? revocations = null,
    ISalesforceUsers? users = null,
    IIdentityDirectory? linkedUsers = null,
    ILinkedUsers? links = null) : ICommandHandler<SignOutUser, SignOutUserResult>
{
    private readonly IdentityKey identityKey = identityOptions.Value.Key;

    public async ValueTask<SignOutUserResult> Handle(SignOutUser command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!command.OrgId.IsOrg || !command.UserId.IsUser || !trustedOrgs.TryGet(command.OrgId, out _))
        {
            LogIgnored(command.Cause, SignOutUserOutcome.NotTrusted);
            return SignOutUserResult.Done(SignOutUserOutcome.NotTrusted);
        }

        if (command.ChangedAt is { } changedAt && linkedUsers is not null
            && await linkedUsers.GetCurrentAsync(IdentityMapping.UsernameFor(command.OrgId, command.UserId), cancellationToken).ConfigureAwait(false) is { Value.SignedOutAt: { } marked }
            && marked >= changedAt)
        {
            // A sweep finds what the events already did, most of the time: one read instead of two updates.
            LogIgnored(command.Cause, SignOutUserOutcome.AlreadySignedOut);
            return SignOutUserResult.Done(SignOutUserOutcome.AlreadySignedOut);
        }

        var signedOutAt = time.GetUtcNow();
        if (revocations is not null)
        {
            await revocations.RevokeAsync(command.OrgId, command.UserId, signedOutAt, cancellationToken).ConfigureAwait(false);
        }

        if (directory is null)
        {
            return SignOutUserResult.Refused(Refusal.DirectoryUnavailable);
        }

        var username = IdentityMapping.UsernameFor(command.OrgId, command.UserId);
        var outcome = await directory.SignOutAsync(username, signedOutAt, cancellationToken).ConfigureAwait(false);
        if (outcome == DirectorySignOut.UnknownUser && identityKey == IdentityKey.Email)
        {
            // A user of another provider, linked by verified email, carries no name of ours: find it by address.
            var linked = await LinkedUserAsync(command, cancellationToken).ConfigureAwait(false);
            if (linked.Refusal is { } refusal)
            {
                return refusal;
            }

            if (linked.Username is null && !linked.AddressInUse)
            {
                // No link kept and no user with the address: a Salesforce user who never signed in here.
                LogIgnored(command.Cause, SignOutUserOutcome.UnknownUser);
                return SignOutUserResult.Done(SignOutUserOutcome.UnknownUser);
            }

            if (linked.Username is null)
            {
                // Users hold the address, and none records this Salesforce user: the one it was linked to may keep
                // refreshing. An alert, not a shrug.
                LogLinkedUserNotFound(command.OrgId.Value, command.Cause);
                return SignOutUserResult.Done(SignOutUserOutcome.NotFound);
            }

            outcome = await directory.SignOutAsync(linked.Username, signedOutAt, cancellationToken).ConfigureAwait(false);
        }

        switch (outcome)
        {
            case DirectorySignOut.SignedOut:
                LogSignedOut(command.OrgId.Value, command.Cause);
                return SignOutUserResult.Done(SignOutUserOutcome.SignedOut);
            case DirectorySignOut.UnknownUser:
                LogIgnored(command.Cause, SignOutUserOutcome.UnknownUser);
                return SignOutUserResult.Done(SignOutUserOutcome.UnknownUser);
            case DirectorySignOut.Throttled:
                return SignOutUserResult.Refused(Refusal.DirectoryThrottled);
            default:
                return SignOutUserResult.Refused(Refusal.DirectoryUnavailable);
        }
    }

    /// <summary>
    /// Email mode's linked user: Salesforce's email for the user (one query), then the directory's users with that
    /// verified address (Cognito's ListUsers filters on email, indexed, so this holds at a million users; custom
    /// attributes cannot be filtered on), and of those the one that records this very Salesforce user — never one
    /// that merely shares the address.
    /// </summary>
    private async ValueTask<(string? Username, SignOutUserResult? Refusal, bool AddressInUse)> LinkedUserAsync(SignOutUser command, CancellationToken cancellationToken)
    {
        if (linkedUsers is null)
        {
            return (null, null, false);
        }

        // The link kept at sign-in, by these very IDs, if the user it names still records them.
        if (links is not null && await links.FindAsync(command.OrgId, command.UserId, cancellationToken).ConfigureAwait(false) is { } remembered)
        {
            var user = await linkedUsers.GetAsync(remembered, cancellationToken).ConfigureAwait(false);
            if (user.Succeeded && user.Value.SalesforceOrgId == command.OrgId && user.Value.SalesforceUserId == command.UserId)
            {
                return (user.Value.Username, null, true);
            }

            if (!user.Succeeded && user.Error != DirectoryError.NotFound)
            {
                return (null, SignOutUserResult.Refused(Refusal.DirectoryUnavailable), false);
            }
        }

        if (users is null)
        {
            return (null, null, false);
        }

        string? email;
        try
        {
            email = await users.EmailOfAsync(command.OrgId, command.UserId, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceUsersUnavailableException)
        {
            return (null, SignOutUserResult.Refused(Refusal.SalesforceUnavailable), false);
        }

        if (string.IsNullOrEmpty(email))
        {
            return (null, null, false);
        }

        var found = await linkedUsers.FindByVerifiedEmailAsync(email, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return (null, SignOutUserResult.Refused(Refusal.DirectoryUnavailable), false);
        }

        var linked = found.Value.FirstOrDefault(user => user.SalesforceOrgId == command.OrgId && user.SalesforceUserId == command.UserId);
        return (linked?.Username, null, found.Value.Count > 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed a user of org {OrgId} out after a Salesforce {Cause}")]
    private partial void LogSignedOut(string orgId, SignOutCause cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Salesforce {Cause} of a user of org {OrgId} signed no one out: the Cognito user it was linked to by email was found neither by the link kept at sign-in nor by its Salesforce email (changed, or shared by more than two verified users); that user keeps refreshing until its refresh token expires")]
    private partial void LogLinkedUserNotFound(string orgId, SignOutCause cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce {Cause} ignored: {Outcome}")]
    private partial void LogIgnored(SignOutCause cause, SignOutUserOutcome outcome);
}
