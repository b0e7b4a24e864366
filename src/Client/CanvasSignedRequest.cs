namespace SfCognitoSso.Client;

/// <summary>A Salesforce Canvas signed request, as Salesforce POSTs it to a canvas app (<c>signed_request</c>). It
/// carries the user's OAuth token, so it is a secret like a session: <see cref="ToString"/> never shows it.</summary>
public sealed class CanvasSignedRequest
{
    private readonly string secret;

    /// <summary>Wraps a signed request as Salesforce POSTed it (<c>signed_request</c>); surrounding spaces are trimmed.</summary>
    public CanvasSignedRequest(string signedRequest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signedRequest);
        secret = signedRequest.Trim();
    }

    internal string Reveal() => secret;

    /// <summary>The OAuth token the envelope carries (read, not verified: the validator verifies the signature).</summary>
    internal SalesforceSession? Token() =>
        Contracts.CanvasEnvelope.Read(secret)?.OAuthToken is { } token ? new SalesforceSession(token) : null;

    /// <inheritdoc/>
    public override string ToString() => "[redacted Canvas signed request]";
}
