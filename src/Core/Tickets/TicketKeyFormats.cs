using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// The ticket keys as the settings give them, imported by .NET's own cryptography. P-256 only (ES256). The settings
/// check reads public keys without it (<see cref="P256PublicKeys"/>): see there why.
/// </summary>
internal static class TicketKeyFormats
{
    /// <summary>RFC 7518's private members: EC <c>d</c>, RSA <c>d p q dp dq qi</c> (and <c>oth</c>), symmetric <c>k</c>.</summary>
    private static readonly string[] PrivateJwkMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>A PEM private key (PKCS#8 or SEC 1) on P-256.</summary>
    public static ECDsa ImportPrivate(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return RequireP256(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A PEM <c>PUBLIC KEY</c> or an EC JWK (<c>{"kty":"EC","crv":"P-256","x":"…","y":"…"}</c>) on P-256:
    /// read and checked by <see cref="P256PublicKeys"/>, then imported (which checks it again).</summary>
    public static ECDsa ImportPublic(string text) => ECDsa.Create(P256PublicKeys.Read(text));

    /// <summary>
    /// Whether a public-key setting holds anything private: a PEM label naming a private key anywhere in it (a bundle
    /// whose second block is the private key included) or a JWK with a private member. A public-key setting lives
    /// where only verifying belongs (the triggers' environment, Terraform state), so the key that can sign anyone in
    /// must never ride along in it; a second PEM block is refused too (<see cref="PemBlocks"/>), whatever its label.
    /// </summary>
    public static bool HoldsPrivateMaterial(string text)
    {
        if (text.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text) is JsonObject jwk && PrivateJwkMembers.Any(jwk.ContainsKey);
            }
            catch (System.Text.Json.JsonException)
            {
                return false; // not a JWK at all: refused as unreadable
            }
        }

        return false;
    }

    /// <summary>How many PEM blocks the text holds.</summary>
    public static int PemBlocks(string text)
    {
        var blocks = 0;
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var pem))
        {
            blocks++;
            rest = rest[pem.Location.End..];
        }

        return blocks;
    }

    private static ECDsa RequireP256(ECDsa key) =>
        key.KeySize == 256 && key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            ? key
            : throw new CryptographicException("The key is not on P-256 (ES256).");
}
