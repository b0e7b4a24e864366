using System.Security.Cryptography;
using System.Text;

namespace SfCognitoSso.Core.Identity;

/// <summary>The one deterministic mapping from a Salesforce identity to Cognito names. No random part, ever:
/// two concurrent first logins must compute the same username so the directory ends with one user.</summary>
public static class IdentityMapping
{
    public const string EmailAttribute = "email";
    public const string EmailVerifiedAttribute = "email_verified";
    public const string OrgIdAttribute = "custom:sf_org_id";
    public const string UserIdAttribute = "custom:sf_user_id";

    public static string UsernameFor(SalesforceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return $"sf_{identity.OrgId.Value}_{identity.UserId.Value}";
    }

    /// <summary>The attributes a user created for this identity carries.</summary>
    public static Dictionary<string, string> AttributesFor(SalesforceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OrgIdAttribute] = identity.OrgId.Value,
            [UserIdAttribute] = identity.UserId.Value,
        };
        if (!string.IsNullOrEmpty(identity.Email))
        {
            attributes[EmailAttribute] = identity.Email;
            attributes[EmailVerifiedAttribute] = identity.EmailVerified ? "true" : "false";
        }

        return attributes;
    }

    /// <summary>Does the Cognito user being signed in belong to this Salesforce identity?</summary>
    public static bool Matches(
        IdentityKey key,
        SalesforceIdentity identity,
        string username,
        IReadOnlyDictionary<string, string> userAttributes)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(userAttributes);
        return key switch
        {
            IdentityKey.SalesforceUserId => SameOrdinal(UsernameFor(identity), username),
            IdentityKey.Email => !string.IsNullOrEmpty(identity.Email)
                && userAttributes.TryGetValue(EmailAttribute, out var email)
                && string.Equals(email, identity.Email, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    private static bool SameOrdinal(string expected, string? actual) =>
        actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
