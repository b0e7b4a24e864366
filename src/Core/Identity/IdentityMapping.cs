using System.Security.Cryptography;
using System.Text;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Identity;

/// <summary>The one deterministic mapping from a Salesforce identity to a directory user. No random part, ever:
/// two concurrent first logins must compute the same username so the directory ends with one user.</summary>
public static class IdentityMapping
{
    /// <summary>The username for a Salesforce identity.</summary>
    public static string UsernameFor(SalesforceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return UsernameFor(identity.OrgId, identity.UserId);
    }

    /// <summary>The username for an org and a user: <c>sf_&lt;org18&gt;_&lt;user18&gt;</c>.</summary>
    public static string UsernameFor(SalesforceId orgId, SalesforceId userId) => $"sf_{orgId.Value}_{userId.Value}";

    /// <summary>The user a first login creates for this identity.</summary>
    public static DirectoryUser NewUser(SalesforceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new DirectoryUser(
            UsernameFor(identity),
            string.IsNullOrEmpty(identity.Email) ? null : identity.Email,
            !string.IsNullOrEmpty(identity.Email) && identity.EmailVerified,
            identity.OrgId,
            identity.UserId);
    }

    /// <summary>Does the directory user being signed in belong to this Salesforce identity?</summary>
    public static bool Matches(IdentityKey key, SalesforceIdentity identity, DirectoryUser user)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(user);
        return key switch
        {
            IdentityKey.SalesforceUserId => SameOrdinal(UsernameFor(identity), user.Username) && !RecordsAnotherUser(identity, user),
            IdentityKey.Email => EmailAddress.Same(identity.Email, user.Email) && user.EmailVerified && !RecordsAnotherUser(identity, user),
            _ => false,
        };
    }

    /// <summary>
    /// The Salesforce IDs recorded on a directory user, where there are any, must be this identity's: a user whose
    /// name or address matches but whose recorded org or user differs belongs to someone else (in Email mode, another
    /// user of the same org with the same verified address). An unrecorded ID (a user of another provider) is no
    /// objection; a recorded one is never overwritten.
    /// </summary>
    public static bool RecordsAnotherUser(SalesforceIdentity identity, DirectoryUser user)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(user);
        return (user.SalesforceOrgId is { } orgId && orgId != identity.OrgId)
            || (user.SalesforceUserId is { } userId && userId != identity.UserId);
    }

    private static bool SameOrdinal(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
