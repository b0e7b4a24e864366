namespace SfCognitoSso.Client;

/// <summary>A Salesforce session ID. It is a bearer secret: <see cref="ToString"/> never shows it, so it cannot end
/// up in a log line, an exception or a debugger's display by accident.</summary>
public sealed class SalesforceSession
{
    private readonly string secret;

    /// <summary>Wraps a Salesforce session ID or OAuth access token; surrounding spaces are trimmed.</summary>
    public SalesforceSession(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        this.secret = secret.Trim();
    }

    /// <summary>The secret itself; only the validator request and the challenge answer carry it.</summary>
    internal string Reveal() => secret;

    /// <inheritdoc/>
    public override string ToString() => "[redacted Salesforce session]";
}
