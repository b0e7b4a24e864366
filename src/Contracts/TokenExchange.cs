namespace SfCognitoSso.Contracts;

/// <summary>The RFC 8693 names <c>POST /oauth2/token</c> understands.</summary>
public static class TokenExchange
{
    /// <summary>RFC 8693's grant type.</summary>
    public const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>A Salesforce session is an OAuth access token.</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>The subject token type naming a Salesforce session ID.</summary>
    public const string SalesforceSessionType = "urn:salesforce:params:oauth:token-type:session_id";

    /// <summary>The subject is a Canvas signed request; its OAuth token is the session.</summary>
    public const string CanvasSignedRequestType = "urn:salesforce:params:oauth:token-type:canvas_signed_request";

    /// <summary>RFC 8693's JWT type: the subject is a Salesforce JWT-based access token.</summary>
    public const string JwtType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>RFC 8693's ID token type: ask for Cognito's ID token.</summary>
    public const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";

    /// <summary>RFC 8693's refresh token type: ask for Cognito's refresh token.</summary>
    public const string RefreshTokenType = "urn:ietf:params:oauth:token-type:refresh_token";

    // RFC 6749 §5.2 error codes, and temporarily_unavailable for a service that could not answer.
    /// <summary>RFC 6749 §5.2: the request is malformed.</summary>
    public const string InvalidRequest = "invalid_request";
    /// <summary>RFC 6749 §5.2: the subject token was not accepted.</summary>
    public const string InvalidGrant = "invalid_grant";
    /// <summary>RFC 6749 §5.2: the grant type is not the token exchange.</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";
    /// <summary>RFC 6749 §4.1.2.1: the service cannot answer now; retry later.</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    /// <summary>RFC 8693 §2.2.2: an <c>audience</c> or <c>resource</c> this server does not issue tokens for.</summary>
    public const string InvalidTarget = "invalid_target";

    /// <summary>RFC 6749 §5.2: a scope other than <see cref="OpenIdScope"/>.</summary>
    public const string InvalidScope = "invalid_scope";

    /// <summary>Asks for the ID token beside the requested one.</summary>
    public const string OpenIdScope = "openid";
}
