using System.Security.Cryptography;
using System.Text;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// What a ticket vouches for: the validator proved this session (by its SHA-256, base64url) for this Cognito user of
/// this Salesforce org and user, with a proof made at <paramref name="ProvenAt"/> — Salesforce's answer (now, or a
/// cache entry's time) or a JWT's issue time. Signed by the validator (ES256), checked by Verify with public keys, so
/// the second Salesforce call of a sign-in disappears without any shared store. Verify compares the proof's time, not
/// the ticket's, with the user's sign-out mark: a ticket minted after a sign-out on a proof from before it is no proof.
/// </summary>
public sealed record TicketClaims(string SessionHash, string Username, SalesforceId OrgId, SalesforceId UserId, DateTimeOffset ProvenAt)
{
    /// <summary>The hash a ticket carries for a session: SHA-256, base64url without padding.</summary>
    public static string HashOf(SalesforceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(session.Reveal())));
    }
}
