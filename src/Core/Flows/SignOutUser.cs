using System.Diagnostics.CodeAnalysis;
using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Core.Flows;

/// <summary>Single sign-out: Salesforce says this user's sessions ended (<paramref name="Cause"/>); end the user's
/// sign-in here too. <paramref name="OrgId"/> is the org whose event stream said so, never a value from the event.</summary>
public sealed record SignOutUser(SalesforceId OrgId, SalesforceId UserId, SignOutCause Cause) : ICommand<SignOutUserResult>;

/// <summary>What a sign-out came to. Only a <see cref="Failure"/> is worth trying again.</summary>
public enum SignOutUserOutcome
{
    SignedOut,

    /// <summary>Not a user of an org this deployment trusts: ignored.</summary>
    NotTrusted,

    /// <summary>A user this directory does not hold (never signed in here): nothing to end.</summary>
    UnknownUser,
}

public sealed record SignOutUserResult : IFlowResult<SignOutUserResult>
{
    private SignOutUserResult(SignOutUserOutcome outcome, Failure? failure) => (Outcome, Failure) = (outcome, failure);

    public SignOutUserOutcome Outcome { get; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The directory's quota, not this sign-out, is the problem: wait and try again; never give it up.</summary>
    public bool Throttled => ReferenceEquals(Failure, Core.Failure.DirectoryThrottled);

    public static SignOutUserResult Done(SignOutUserOutcome outcome) => new(outcome, failure: null);

    public static SignOutUserResult Refused(Failure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));
}

/// <summary>
/// Which user, which org, what to revoke: a trusted org's user (by its 18-character IDs, the username every first
/// sign-in gives it), the cached proofs of its sessions first — so none can be used while the directory is being
/// told — then the directory: the user's sign-out mark (which Verify reads, in whatever cloud it runs) and its
/// refresh tokens. Idempotent, because events arrive at least once.
/// </summary>
/// <param name="directory">Null where the directory cannot sign users out: every sign-out then fails as the
/// directory being unavailable, and is retried.</param>
/// <param name="revocations">Null where nothing is cached.</param>
public sealed partial class SignOutUserHandler(
    TrustedOrgs trustedOrgs,
    TimeProvider time,
    ILogger<SignOutUserHandler> logger,
    ISignOutDirectory? directory = null,
    ISessionRevocations? revocations = null) : ICommandHandler<SignOutUser, SignOutUserResult>
{
    public async ValueTask<SignOutUserResult> Handle(SignOutUser command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!command.OrgId.IsOrg || !command.UserId.IsUser || !trustedOrgs.TryGet(command.OrgId, out _))
        {
            LogIgnored(command.Cause, SignOutUserOutcome.NotTrusted);
            return SignOutUserResult.Done(SignOutUserOutcome.NotTrusted);
        }

        var signedOutAt = time.GetUtcNow();
        if (revocations is not null)
        {
            await revocations.RevokeAsync(command.OrgId, command.UserId, signedOutAt, cancellationToken).ConfigureAwait(false);
        }

        if (directory is null)
        {
            return SignOutUserResult.Refused(Failure.DirectoryUnavailable);
        }

        var username = IdentityMapping.UsernameFor(command.OrgId, command.UserId);
        switch (await directory.SignOutAsync(username, signedOutAt, cancellationToken).ConfigureAwait(false))
        {
            case DirectorySignOut.SignedOut:
                LogSignedOut(command.OrgId.Value, command.Cause);
                return SignOutUserResult.Done(SignOutUserOutcome.SignedOut);
            case DirectorySignOut.UnknownUser:
                LogIgnored(command.Cause, SignOutUserOutcome.UnknownUser);
                return SignOutUserResult.Done(SignOutUserOutcome.UnknownUser);
            case DirectorySignOut.Throttled:
                return SignOutUserResult.Refused(Failure.DirectoryThrottled);
            default:
                return SignOutUserResult.Refused(Failure.DirectoryUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed a user of org {OrgId} out after a Salesforce {Cause}")]
    private partial void LogSignedOut(string orgId, SignOutCause cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce {Cause} ignored: {Outcome}")]
    private partial void LogIgnored(SignOutCause cause, SignOutUserOutcome outcome);
}
