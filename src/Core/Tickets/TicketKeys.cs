using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Tickets;

/// <summary>
/// The configured keys, parsed once per process (the validation cache and the tickets share them): the private key
/// when this host may sign, and every key a signature may verify against — the public keys and the signer's own half.
/// </summary>
public sealed class TicketKeys
{
    /// <summary>Imports the checked keys once.</summary>
    public TicketKeys(IOptions<TicketKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Signer = string.IsNullOrWhiteSpace(settings.SigningKey) ? null : TicketKeyFormats.ImportPrivate(settings.SigningKey);
        List<ECDsa> verifiers = [.. settings.PublicKeys.Where(key => !string.IsNullOrWhiteSpace(key)).Select(TicketKeyFormats.ImportPublic)];
        if (Signer is not null)
        {
            var own = ECDsa.Create();
            own.ImportParameters(Signer.ExportParameters(includePrivateParameters: false));
            verifiers.Add(own);
        }

        Verifiers = verifiers;
    }

    /// <summary>The key tickets are signed with; null where none is configured.</summary>
    public ECDsa? Signer { get; }

    /// <summary>The keys tickets are checked with.</summary>
    public IReadOnlyList<ECDsa> Verifiers { get; }

    /// <summary>Whether one of <see cref="Verifiers"/> made this ES256 signature (P1363) over these bytes: what
    /// anything shared signed with the validator's key (tickets, replay positions, heartbeats, links) is checked by.</summary>
    public bool Verifies(byte[] data, byte[] signature) =>
        signature is { Length: 64 } && Verifiers.Any(key => key.VerifyData(data, signature, HashAlgorithmName.SHA256));
}
