using System.Security.Cryptography;
using System.Text;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// A Salesforce session ID as the client sent it. It is a bearer secret: <see cref="ToString"/> never shows it,
/// only <see cref="Reveal"/> hands it out (to the adapter that sends it to Salesforce), and it is never compared
/// with anything: Salesforce decides whether it is valid, and caches key on its SHA-256. The shape is checked by validation, not here, so holding a malformed value is harmless.
/// </summary>
public sealed class SalesforceSession
{
    /// <summary>Position of the '!' that ends the 15-character org ID.</summary>
    public const int OrgIdLength = 15;

    private readonly string secret;

    // Read once here: the shape check, the trusted-org lookup and the org comparison all use this one reading.
    private readonly SalesforceId? orgId;

    /// <summary>Wraps a session as the client sent it (null is an empty session, which the rules refuse).</summary>
    public SalesforceSession(string? secret)
    {
        this.secret = secret ?? string.Empty;
        if (this.secret.Length > OrgIdLength + 1
            && this.secret[OrgIdLength] == '!'
            && SalesforceId.TryParseOrg(this.secret.AsSpan(0, OrgIdLength), out var parsed))
        {
            orgId = parsed;
        }
    }

    /// <summary>How many characters the session has.</summary>
    public int Length => secret.Length;

    /// <summary>Whether there is no session at all.</summary>
    public bool IsEmpty => secret.Length == 0;

    /// <summary>True when the session starts with a 15-character org ID (key prefix 00D) followed by '!'.</summary>
    public bool TryGetOrgId(out SalesforceId orgId)
    {
        orgId = this.orgId.GetValueOrDefault();
        return this.orgId.HasValue;
    }

    /// <summary>True when every character is printable ASCII without spaces, as in every Salesforce session ID.</summary>
    public bool HasOnlyTokenCharacters()
    {
        foreach (var c in secret)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The secret itself. Call only to put it in the Authorization header of a Salesforce request.</summary>
    public string Reveal() => secret;

    /// <summary>Lower-case hex SHA-256 of the session: the only form in which it may be used as a key.</summary>
    public string ToHashKey() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <inheritdoc/>
    public override string ToString() => "[redacted Salesforce session]";
}
