using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// A public key's point on P-256, read and checked to lie on the curve without the platform's cryptography. The
/// settings check of every trigger cold start reads <c>Ticket__PublicKeys__N</c>, and importing them there loads
/// OpenSSL, which the Define event that starts most cold starts never needs (docs/benchmarks.md has the cost). The
/// first ticket checked imports the key with .NET's own <see cref="ECDsa"/>, which checks it again; a point off the
/// curve is refused here, or it would pass the settings check and fail every verify.
/// </summary>
internal static class P256PublicKeys
{
    private const string EcPublicKey = "1.2.840.10045.2.1";

    private const string Prime256v1 = "1.2.840.10045.3.1.7";

    /// <summary>The point of a PEM <c>PUBLIC KEY</c> or an EC JWK, on P-256; throws when it is neither.</summary>
    public static ECParameters Read(string text)
    {
        var (x, y) = text.TrimStart().StartsWith('{') ? JwkPoint(text) : SubjectPublicKeyInfoPoint(text);
        if (!OnCurve(x, y))
        {
            throw new CryptographicException("The point is not on P-256.");
        }

        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
        parameters.Validate();
        return parameters;
    }

    /// <summary>A JWK: <c>{"kty":"EC","crv":"P-256","x":"…","y":"…"}</c>.</summary>
    private static (byte[] X, byte[] Y) JwkPoint(string text)
    {
        var jwk = JsonNode.Parse(text) ?? throw new CryptographicException("Not a JWK.");
        if (jwk["kty"]?.GetValue<string>() != "EC" || jwk["crv"]?.GetValue<string>() != "P-256")
        {
            throw new CryptographicException("Not a P-256 EC JWK.");
        }

        return (Coordinate(jwk["x"]), Coordinate(jwk["y"]));
    }

    /// <summary>PEM <c>PUBLIC KEY</c>: SubjectPublicKeyInfo with id-ecPublicKey on prime256v1 and an uncompressed point.</summary>
    private static (byte[] X, byte[] Y) SubjectPublicKeyInfoPoint(string text)
    {
        var pem = PemEncoding.Find(text);
        if (!text.AsSpan()[pem.Label].SequenceEqual("PUBLIC KEY"))
        {
            throw new CryptographicException("Not a PEM public key.");
        }

        var info = new AsnReader(Convert.FromBase64String(text[pem.Base64Data]), AsnEncodingRules.DER);
        var sequence = info.ReadSequence();
        info.ThrowIfNotEmpty();
        var algorithm = sequence.ReadSequence();
        if (algorithm.ReadObjectIdentifier() != EcPublicKey || algorithm.ReadObjectIdentifier() != Prime256v1)
        {
            throw new CryptographicException("Not a P-256 EC public key.");
        }

        algorithm.ThrowIfNotEmpty();
        var point = sequence.ReadBitString(out var unusedBits);
        sequence.ThrowIfNotEmpty();
        if (unusedBits != 0 || point.Length != 65 || point[0] != 0x04)
        {
            throw new CryptographicException("Not an uncompressed P-256 point.");
        }

        return (point[1..33], point[33..]);
    }

    /// <summary>y² = x³ − 3x + b (mod p), with both coordinates below p (SEC 1, 3.2.2.1).</summary>
    private static bool OnCurve(byte[] xBytes, byte[] yBytes)
    {
        var p = BigInteger.Parse("0FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = BigInteger.Parse("05AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var x = new BigInteger(xBytes, isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: true);
        if (x >= p || y >= p)
        {
            return false;
        }

        var right = BigInteger.Remainder((((x * x) - 3) * x) + b, p);
        return BigInteger.Remainder(y * y, p) == (right.Sign < 0 ? right + p : right);
    }

    private static byte[] Coordinate(JsonNode? value)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(value?.GetValue<string>() ?? throw new CryptographicException("A JWK coordinate is missing."));
        return bytes.Length == 32 ? bytes : throw new CryptographicException("A P-256 coordinate is 32 bytes.");
    }
}
