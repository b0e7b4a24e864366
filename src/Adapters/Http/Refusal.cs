namespace SfCognitoSso.Adapters.Http;

/// <summary>One way the edge refuses: the problem code and HTTP status of the validator endpoint, and the RFC 6749
/// §5.2 error and status of the token exchange for the same cause.</summary>
public sealed record Refusal(string Code, int Status, string Title, string OAuthError, int OAuthStatus, bool RetryAfter = false);
