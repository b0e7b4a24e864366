using System.Formats.Asn1;
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
    /// A public key's point on P-256, read without the platform's cryptography: the settings check of a cold start
    /// reads the keys, and loading OpenSSL for it cost a Lambda cold start 2.2 ms and 4 MB that a Define event never
    /// needs (the first ticket checked loads it). Whether the point is on the curve is checked when it is imported.
    /// </summary>
    internal static ECParameters ReadPublic(string text)
    {
        var (x, y) = text.TrimStart().StartsWith('{') ? JwkPoint(text) : SubjectPublicKeyInfoPoint(text);
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

        for (var i = 0; i < options.PublicKeys.Count; i++)
        {
            var key = options.PublicKeys[i];
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
