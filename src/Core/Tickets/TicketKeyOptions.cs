using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// The validator's ES256 key pair: <c>Ticket__SigningKey</c> (PEM, P-256 private key; the validator only, a secret)
/// and <c>Ticket__PublicKeys__N</c> (PEM or JWK; up to two at once for rotation; public, fine in any environment).
/// Whoever holds only public keys can check what the validator signed but never sign: the triggers read shared cache
/// entries with them and never write any.
/// </summary>
public sealed class TicketKeyOptions
{
    public const string Section = "Ticket";

    private const string EcPublicKey = "1.2.840.10045.2.1";

    private const string Prime256v1 = "1.2.840.10045.3.1.7";

    public string? SigningKey { get; set; }

    public List<string> PublicKeys { get; set; } = [];

    /// <summary><c>Ticket__ClientIds__N</c>: the app clients a ticket may sign a user in with (its <c>aud</c>).
    /// Verify accepts a ticket only for the client the sign-in is made with, so one made for a short-lived web
    /// client cannot sign in through another. None: tickets name no client, and Verify accepts none of them.</summary>
    public List<string> ClientIds { get; set; } = [];

    /// <summary>The user pool a ticket is for (its <c>pool</c> claim, checked by Verify against its event):
    /// <c>Ticket__UserPoolId</c>, or <c>Cognito__UserPoolId</c> when unset.</summary>
    public string? UserPoolId { get; set; }

    /// <summary>True when any key is configured: without one, tickets are neither signed nor read.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(SigningKey) || PublicKeys.Any(key => !string.IsNullOrWhiteSpace(key));

    internal static ECDsa ImportPrivate(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return RequireP256(key);
    }

    internal static ECDsa ImportPublic(string text) => ECDsa.Create(ReadPublic(text));

    /// <summary>
    /// Whether a public-key setting holds anything private: a PEM label naming a private key anywhere in it (a bundle
    /// whose second block is the private key included) or a JWK with a private member. A public-key setting lives
    /// where only verifying belongs (the triggers' environment, Terraform state), so the key that can sign anyone in
    /// must never ride along in it; a second PEM block is refused too (<see cref="PemBlocks"/>), whatever its label.
    /// </summary>
    internal static bool HoldsPrivateMaterial(string text)
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

    internal static int PemBlocks(string text)
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

    /// <summary>RFC 7518's private members: EC <c>d</c>, RSA <c>d p q dp dq qi</c> (and <c>oth</c>), symmetric <c>k</c>.</summary>
    private static readonly string[] PrivateJwkMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>
    /// A public key's point on P-256, read and checked to be on the curve without the platform's cryptography: the
    /// settings check of a cold start reads the keys, and loading OpenSSL for it cost a Lambda cold start 2.2 ms and
    /// 4 MB that a Define event never needs (the first ticket checked loads it). A point off the curve is refused here,
    /// or it would pass the check and fail every verify when imported.
    /// </summary>
    internal static ECParameters ReadPublic(string text)
    {
        var (x, y) = text.TrimStart().StartsWith('{') ? JwkPoint(text) : SubjectPublicKeyInfoPoint(text);
        if (!OnP256(x, y))
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

        return (Coordinate(Base64Url(jwk["x"])), Coordinate(Base64Url(jwk["y"])));
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
    private static bool OnP256(byte[] xBytes, byte[] yBytes)
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

    private static byte[] Coordinate(byte[] value) =>
        value.Length == 32 ? value : throw new CryptographicException("A P-256 coordinate is 32 bytes.");

    private static byte[] Base64Url(JsonNode? value) =>
        System.Buffers.Text.Base64Url.DecodeFromChars(value?.GetValue<string>() ?? throw new CryptographicException("A JWK coordinate is missing."));

    private static ECDsa RequireP256(ECDsa key) =>
        key.KeySize == 256 ? key : throw new CryptographicException("The key is not on P-256 (ES256).");
}

public sealed class TicketKeyOptionsValidator : IValidateOptions<TicketKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.SigningKey) && !Imports(() => TicketKeyOptions.ImportPrivate(options.SigningKey)))
        {
            return ValidateOptionsResult.Fail("Ticket__SigningKey must be a PEM EC private key on P-256 (openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt).");
        }

        if (options.PublicKeys.Count(key => !string.IsNullOrWhiteSpace(key)) > 2)
        {
            return ValidateOptionsResult.Fail("Ticket__PublicKeys holds at most two keys (the current and the next, during a rotation).");
        }

        if (!string.IsNullOrEmpty(options.UserPoolId) && !Contracts.CognitoIds.IsValidPoolId(options.UserPoolId))
        {
            return ValidateOptionsResult.Fail("Ticket__UserPoolId must be a Cognito user pool ID (<region>_<letters and digits>).");
        }

        for (var i = 0; i < options.ClientIds.Count; i++)
        {
            if (!Contracts.CognitoIds.IsValidClientId(options.ClientIds[i]))
            {
                return ValidateOptionsResult.Fail($"Ticket__ClientIds__{i} must be a Cognito app client ID (1 to 128 letters, digits, '+' or '_').");
            }
        }

        for (var i = 0; i < options.PublicKeys.Count; i++)
        {
            var key = options.PublicKeys[i];
            if (!string.IsNullOrWhiteSpace(key) && TicketKeyOptions.HoldsPrivateMaterial(key))
            {
                // Named, never printed: the value is a secret that belongs only with the validator.
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} holds private key material: give the public key only (openssl ec -pubout), and treat the key it came from as leaked.");
            }

            if (!string.IsNullOrWhiteSpace(key) && TicketKeyOptions.PemBlocks(key) > 1)
            {
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} holds more than one PEM block: one key per setting (__0 and __1 during a rotation).");
            }

            if (!string.IsNullOrWhiteSpace(key) && !Reads(() => TicketKeyOptions.ReadPublic(key)))
            {
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} must be a P-256 public key, PEM or JWK.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static bool Imports(Func<ECDsa> import) => Reads(() =>
    {
        using var key = import();
    });

    private static bool Reads(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException or AsnContentException)
        {
            return false;
        }
    }
}
