using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// Whether the identity Salesforce answered with may sign in: it belongs to the session's own org, is active, of an
/// allowed user type, has an email (verified by Salesforce when users are linked by email). The one home of this
/// rule: the authenticator refuses by it, and the validation cache stores only what it accepts.
/// </summary>
public sealed class IdentityAcceptance(IOptions<TrustedOrgsOptions> salesforceOptions, IOptions<IdentityOptions> identityOptions)
{
    private readonly UserTypes userTypes = new(salesforceOptions.Value.AllowedUserTypes);
    private readonly bool linkedByEmail = identityOptions.Value.Key == IdentityKey.Email;

    /// <summary>Null when the identity is acceptable for a session of <paramref name="sessionOrgId"/>; else why not.</summary>
    public Refusal? RefusalOf(SalesforceIdentity identity, SalesforceId sessionOrgId)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity switch
        {
            // Salesforce answering for another org than the session names means the session is not what it claims.
            _ when identity.OrgId != sessionOrgId => Refusal.InvalidSession,
            { IsActive: false } => Refusal.UserInactive,
            _ when !userTypes.IsAllowed(identity.UserType) => Refusal.UserTypeNotAllowed,
            _ when string.IsNullOrWhiteSpace(identity.Email) => Refusal.EmailMissing,
            // Linking by an address Salesforce does not vouch for would let any org's admin claim anyone's account.
            { EmailVerified: false } when linkedByEmail => Refusal.EmailUnverified,
            _ => null,
        };
    }
}
