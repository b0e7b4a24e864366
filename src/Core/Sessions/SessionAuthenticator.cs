using Microsoft.Extensions.Logging;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// The checks every use of a session goes through, in order: trusted org (no outbound call otherwise), Salesforce's
/// answer, then <see cref="IdentityAcceptance"/>. Shared by the validator endpoint and
/// the verify trigger so both refuse exactly the same sessions. The session's org is read here, once.
/// </summary>
internal sealed partial class SessionAuthenticator(
    TrustedOrgs trustedOrgs,
    ISessionValidator validator,
    IdentityAcceptance acceptance,
    ILogger<SessionAuthenticator> logger)
{
    public ValueTask<SessionValidation> AuthenticateAsync(SalesforceSession session, CancellationToken cancellationToken) =>
        AuthenticateAsync(session, signedOutAt: null, cancellationToken);

    /// <remarks><c>signedOutAt</c>: The sign-out mark of the user the session must belong to, if any: no answer proven
    /// before it is reused.</remarks>
    public async ValueTask<SessionValidation> AuthenticateAsync(
        SalesforceSession session,
        DateTimeOffset? signedOutAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.TryGetOrgId(out var orgId))
        {
            return SessionValidation.Refused(Refusal.InvalidRequest("The session ID does not start with a Salesforce org ID."));
        }

        if (!trustedOrgs.TryGet(orgId, out var org))
        {
            LogRefused(orgId.Value, RefusalReason.OrgNotAllowed);
            return SessionValidation.Refused(Refusal.OrgNotAllowed);
        }

        return await AuthenticateAsync(session, org, signedOutAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As above, for a credential whose org is known otherwise (a JWT's signed header): Salesforce's answer
    /// with it as the bearer, then the same acceptance.</summary>
    public async ValueTask<SessionValidation> AuthenticateAsync(
        SalesforceSession session,
        TrustedOrg org,
        DateTimeOffset? signedOutAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        var orgId = org.OrgId;
        var validation = signedOutAt is { } mark
            ? await validator.ValidateSignedOutUserAsync(session, org, mark, cancellationToken).ConfigureAwait(false)
            : await validator.ValidateAsync(session, org, cancellationToken).ConfigureAwait(false);
        var refusal = validation.IsValid ? acceptance.RefusalOf(validation.Identity, orgId) : validation.Refusal;
        if (refusal is not null)
        {
            LogRefused(orgId.Value, refusal.Reason);
            return SessionValidation.Refused(refusal);
        }

        return validation;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce session for org {OrgId} refused: {Reason}")]
    private partial void LogRefused(string orgId, RefusalReason reason);
}
