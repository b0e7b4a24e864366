namespace SfCognitoSso.Contracts;

/// <summary>The validator's paths, the same on every host.</summary>
public static class ValidatorRoutes
{
    /// <summary>The validator endpoint: a session in, the Cognito username and a ticket out.</summary>
    public const string ValidateSession = "/v1/sessions/validate";
    /// <summary>Health: <c>ok</c> or <c>degraded</c> with each component's state.</summary>
    public const string Health = "/healthz";
    /// <summary>The OpenAPI description of the validator's endpoints.</summary>
    public const string OpenApi = "/openapi/v1.json";

    /// <summary>RFC 8693 token exchange: a Salesforce session in, Cognito tokens out (on when <c>Exchange__ClientId</c> is set).</summary>
    public const string TokenExchange = "/oauth2/token";

    /// <summary>Largest request body the validator reads.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>The longest Canvas signed request accepted: the body's limit less the JSON around it,
    /// <c>{"signedRequest":""}</c>, so one of this length always fits (Salesforce's are a few KiB).</summary>
    public const int MaxSignedRequestLength = MaxBodyBytes - 20;

    /// <summary>Longest session ID accepted; real ones are about 110 characters.</summary>
    public const int MaxSessionIdLength = 1024;

    /// <summary>The longest JWT-based access token accepted, as a validator input or a challenge answer.</summary>
    public const int MaxAccessTokenLength = 4 * 1024;
}
