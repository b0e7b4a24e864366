using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// The checks every use of a session goes through, in order: trusted org (no outbound call otherwise), Salesforce's
/// answer, the answer's org matching the session's, an active user of an allowed type, an email (verified by
/// Salesforce when users are linked by email). Shared by the validator endpoint and
/// the verify trigger so both refuse exactly the same sessions. The session's org is read here, once.
/// </summary>
public sealed partial class SessionAuthenticator(
    TrustedOrgs trustedOrgs,
    ISessionValidator validator,
    IOptions<TrustedOrgsOptions> salesforceOptions,
    IOptions<IdentityOptions> identityOptions,
    ILogger<SessionAuthenticator> logger)
{
    private readonly UserTypes userTypes = new(salesforceOptions.Value.AllowedUserTypes);
    private readonly bool linkedByEmail = identityOptions.Value.Key == IdentityKey.Email;

    public async ValueTask<SessionValidation> AuthenticateAsync(
        SalesforceSession session,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.TryGetOrgId(out var orgId))
        {
            return SessionValidation.Refused(Failure.InvalidRequest("The session ID does not start with a Salesforce org ID."));
        }

        if (!trustedOrgs.TryGet(orgId, out var org))
        {
            LogRefused(orgId.Value, FailureReason.OrgNotAllowed);
            return SessionValidation.Refused(Failure.OrgNotAllowed);
        }

        var validation = await validator.ValidateAsync(session, org, cancellationToken).ConfigureAwait(false);
        var refusal = validation.IsValid ? Check(validation.Identity, orgId) : validation.Failure;
        if (refusal is not null)
        {
            LogRefused(orgId.Value, refusal.Reason);
            return SessionValidation.Refused(refusal);
        }

        return validation;
    }

    private Failure? Check(SalesforceIdentity identity, SalesforceId sessionOrgId) => identity switch
    {
        _ when identity.OrgId != sessionOrgId => Failure.InvalidSession,
        { IsActive: false } => Failure.UserInactive,
        _ when !userTypes.IsAllowed(identity.UserType) => Failure.UserTypeNotAllowed,
        _ when string.IsNullOrWhiteSpace(identity.Email) => Failure.EmailMissing,
        // Linking by an address Salesforce does not vouch for would let any org's admin claim anyone's account.
        { EmailVerified: false } when linkedByEmail => Failure.EmailUnverified,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce session for org {OrgId} refused: {Reason}")]
    private partial void LogRefused(string orgId, FailureReason reason);
}
