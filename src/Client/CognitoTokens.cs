namespace SfCognitoSso.Client;

/// <summary>Cognito's tokens. <see cref="ToString"/> shows none of them.</summary>
public sealed record CognitoTokens(string IdToken, string AccessToken, string? RefreshToken, int ExpiresIn, string TokenType)
{
    /// <inheritdoc/>
    public override string ToString() => $"[Cognito tokens, {TokenType}, expire in {ExpiresIn} s]";
}
