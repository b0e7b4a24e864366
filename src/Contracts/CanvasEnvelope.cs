using System.Text.Json;

namespace SfCognitoSso.Contracts;

/// <summary>
/// A Salesforce Canvas signed request, taken apart once for everyone who reads one (the validator, which then checks
/// the signature, and the client library, which only needs the token): <c>base64(HMAC-SHA256(consumer secret, encoded
/// envelope)) "." base64(CanvasRequest JSON)</c>. Nothing here is trusted: a reader checks <see cref="Signature"/> over
/// <see cref="SignedPart"/> before believing any field. <see cref="ToString"/> never shows the token.
/// </summary>
public sealed class CanvasEnvelope
{
    private CanvasEnvelope(byte[] signature, string signedPart, JsonElement root)
    {
        Signature = signature;
        SignedPart = signedPart;
        Algorithm = Text(root, "algorithm");
        OrganizationId = Text(root, "context", "organization", "organizationId");
        UserId = Text(root, "context", "user", "userId");
        OAuthToken = Text(root, "client", "oauthToken");
        InstanceUrl = Text(root, "client", "instanceUrl");
    }

    /// <summary>The HMAC as sent.</summary>
    public byte[] Signature { get; }

    /// <summary>The encoded envelope exactly as sent: what the signature is over.</summary>
    public string SignedPart { get; }

    /// <summary><c>algorithm</c>; Salesforce signs with <c>HMACSHA256</c>.</summary>
    public string? Algorithm { get; }

    /// <summary><c>context.organization.organizationId</c>.</summary>
    public string? OrganizationId { get; }

    /// <summary><c>context.user.userId</c>.</summary>
    public string? UserId { get; }

    /// <summary><c>client.oauthToken</c>: the user's session, a secret.</summary>
    public string? OAuthToken { get; }

    /// <summary><c>client.instanceUrl</c>.</summary>
    public string? InstanceUrl { get; }

    /// <summary>The two parts decoded (standard or URL-safe base64, padded or not, as Salesforce's own examples decode),
    /// the envelope a JSON object; null for anything else, or for more than <see cref="ValidatorRoutes.MaxSignedRequestLength"/> characters.</summary>
    public static CanvasEnvelope? Read(string? signedRequest)
    {
        var text = signedRequest ?? string.Empty;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (text.Length is 0 or > ValidatorRoutes.MaxSignedRequestLength || dot <= 0 || dot == text.Length - 1
            || !TryDecode(text.AsSpan(0, dot), out var signature) || !TryDecode(text.AsSpan(dot + 1), out var envelope))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(envelope);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new CanvasEnvelope(signature, text[(dot + 1)..], document.RootElement)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "[redacted Canvas envelope]";

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        Span<char> normal = stackalloc char[(text.Length + 3) / 4 * 4];
        for (var i = 0; i < text.Length; i++)
        {
            normal[i] = text[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        normal[text.Length..].Fill('=');
        var buffer = new byte[normal.Length];
        if (!Convert.TryFromBase64Chars(normal, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value ? value : null;
    }
}
