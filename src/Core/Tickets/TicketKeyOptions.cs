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

    internal static ECDsa ImportPublic(string text)
    {
        var key = ECDsa.Create();
        if (text.TrimStart().StartsWith('{'))
        {
            // A JWK: {"kty":"EC","crv":"P-256","x":"…","y":"…"}.
            var jwk = JsonNode.Parse(text) ?? throw new CryptographicException("Not a JWK.");
            if (jwk["kty"]?.GetValue<string>() != "EC" || jwk["crv"]?.GetValue<string>() != "P-256")
            {
                throw new CryptographicException("Not a P-256 EC JWK.");
            }

            key.ImportParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64Url(jwk["x"]), Y = Base64Url(jwk["y"]) },
            });
        }
        else
        {
            key.ImportFromPem(text);
        }

        return RequireP256(key);
    }

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
            if (!string.IsNullOrWhiteSpace(key) && !Imports(() => TicketKeyOptions.ImportPublic(key)))
            {
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} must be a P-256 public key, PEM or JWK.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static bool Imports(Func<ECDsa> import)
    {
        try
        {
            using var key = import();
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
