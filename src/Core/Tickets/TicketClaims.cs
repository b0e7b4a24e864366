using System.Security.Cryptography;
using System.Text;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// What a ticket vouches for: the validator proved this session (by its SHA-256, base64url) for this Cognito user of
/// this Salesforce org and user a moment ago. Signed by the validator (ES256), checked by Verify with public keys, so
/// the second Salesforce call of a sign-in disappears without any shared store.
/// </summary>
public sealed record TicketClaims(string SessionHash, string Username, SalesforceId OrgId, SalesforceId UserId)
{
    /// <summary>The hash a ticket carries for a session: SHA-256, base64url without padding.</summary>
    public static string HashOf(SalesforceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(session.Reveal())));
    }
}
