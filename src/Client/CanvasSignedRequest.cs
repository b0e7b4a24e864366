using System.Text.Json;

namespace SfCognitoSso.Client;

/// <summary>A Salesforce Canvas signed request, as Salesforce POSTs it to a canvas app (<c>signed_request</c>). It
/// carries the user's OAuth token, so it is a secret like a session: <see cref="ToString"/> never shows it.</summary>
public sealed class CanvasSignedRequest
{
    private readonly string secret;

    public CanvasSignedRequest(string signedRequest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signedRequest);
        secret = signedRequest.Trim();
    }

    internal string Reveal() => secret;

    /// <summary>The OAuth token the envelope carries (read, not verified: the validator verifies the signature).</summary>
    internal SalesforceSession? Token()
    {
        var dot = secret.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        var encoded = secret[(dot + 1)..].Replace('-', '+').Replace('_', '/');
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '='), bytes, out var written))
        {
            return null;
        }

        try
        {
            using var envelope = JsonDocument.Parse(bytes.AsMemory(0, written));
            return envelope.RootElement.ValueKind == JsonValueKind.Object && envelope.RootElement.TryGetProperty("client", out var client) && client.ValueKind == JsonValueKind.Object
                && client.TryGetProperty("oauthToken", out var token) && token.GetString() is { Length: > 0 } value
                ? new SalesforceSession(value)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => "[redacted Canvas signed request]";
}
