using System.Security.Cryptography;
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
    /// <summary>The configuration section.</summary>
    public const string Section = "Ticket";

    /// <summary>The validator's private signing key (PKCS#8 PEM, P-256); the validator alone holds it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The public keys tickets are checked with (PEM, P-256); more than one while keys rotate.</summary>
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
}

internal sealed class TicketKeyOptionsValidator : IValidateOptions<TicketKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.SigningKey) && !Imports(() => TicketKeyFormats.ImportPrivate(options.SigningKey)))
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
            if (!string.IsNullOrWhiteSpace(key) && TicketKeyFormats.HoldsPrivateMaterial(key))
            {
                // Named, never printed: the value is a secret that belongs only with the validator.
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} holds private key material: give the public key only (openssl ec -pubout), and treat the key it came from as leaked.");
            }

            if (!string.IsNullOrWhiteSpace(key) && TicketKeyFormats.PemBlocks(key) > 1)
            {
                return ValidateOptionsResult.Fail($"Ticket__PublicKeys__{i} holds more than one PEM block: one key per setting (__0 and __1 during a rotation).");
            }

            if (!string.IsNullOrWhiteSpace(key) && !Reads(() => P256PublicKeys.Read(key)))
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
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException or System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }
}
