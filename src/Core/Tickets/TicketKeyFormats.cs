using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// The ticket keys as the settings give them, imported by .NET's own cryptography, which checks what matters: the
/// PEM's structure, the curve, and that a public point lies on it. P-256 only (ES256).
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

    /// <summary>A PEM <c>PUBLIC KEY</c> or an EC JWK (<c>{"kty":"EC","crv":"P-256","x":"…","y":"…"}</c>) on P-256.</summary>
    public static ECDsa ImportPublic(string text)
    {
        if (text.TrimStart().StartsWith('{'))
        {
            return ECDsa.Create(JwkParameters(text));
        }

        var pem = PemEncoding.Find(text);
        if (!text.AsSpan()[pem.Label].SequenceEqual("PUBLIC KEY"))
        {
            throw new CryptographicException("Not a PEM public key.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            return RequireP256(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

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

    /// <summary>The JWK's point on P-256; whether it lies on the curve is checked by the import.</summary>
    private static ECParameters JwkParameters(string text)
    {
        var jwk = JsonNode.Parse(text) ?? throw new CryptographicException("Not a JWK.");
        if (jwk["kty"]?.GetValue<string>() != "EC" || jwk["crv"]?.GetValue<string>() != "P-256")
        {
            throw new CryptographicException("Not a P-256 EC JWK.");
        }

        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Coordinate(jwk["x"]), Y = Coordinate(jwk["y"]) },
        };
    }

    private static byte[] Coordinate(JsonNode? value)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(value?.GetValue<string>() ?? throw new CryptographicException("A JWK coordinate is missing."));
        return bytes.Length == 32 ? bytes : throw new CryptographicException("A P-256 coordinate is 32 bytes.");
    }

    private static ECDsa RequireP256(ECDsa key) =>
        key.KeySize == 256 && key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value
            ? key
            : throw new CryptographicException("The key is not on P-256 (ES256).");
}
