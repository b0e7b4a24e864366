using System.Text.Json.Serialization;

namespace SfCognitoSso.Contracts;

/// <summary>Body of <c>POST /v1/sessions/validate</c>. Unknown fields (an instance URL, say) are ignored.</summary>
public sealed class ValidateSessionBody
{
    /// <summary>The Salesforce session ID (a secret: never logged or echoed).</summary>
    [JsonPropertyName("sessionId")]
    public string? SessionId { get; set; }

    /// <summary>A Canvas signed request as Salesforce POSTed it to the canvas app (a secret too), instead of a session ID.</summary>
    [JsonPropertyName("signedRequest")]
    public string? SignedRequest { get; set; }

    /// <summary>A Salesforce JWT-based access token (a secret too), checked offline against the org's keys.</summary>
    [JsonPropertyName("accessToken")]
    public string? AccessToken { get; set; }
}

/// <summary>The answer: the Cognito username to start CUSTOM_AUTH with.</summary>
public sealed record ValidateSessionResponse(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("created")] bool Created)
{
    /// <summary>The validator's ticket (a short-lived ES256 JWS): send it as RespondToAuthChallenge ClientMetadata "ticket".</summary>
    /// <remarks>Present when the validator holds a signing key; with it, Verify need not ask Salesforce again.</remarks>
    [JsonPropertyName("ticket")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ticket { get; init; }
}

/// <summary><c>GET /healthz</c>, always 200 while the validator answers: <c>status</c> is <c>ok</c>, or
/// <c>degraded</c> when a part (single sign-out) is not well, each such part named in <c>checks</c> with why.</summary>
public sealed record HealthResponse([property: JsonPropertyName("status")] string Status)
{
    /// <summary>Each component's state by name; present when one is not <c>ok</c>.</summary>
    [JsonPropertyName("checks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Checks { get; init; }
}

/// <summary>An <c>application/problem+json</c> refusal as a client reads it; <see cref="Code"/> is one of
/// <see cref="ProblemCodes"/>.</summary>
public sealed class ProblemResponse
{
    /// <summary>The HTTP status.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; set; }

    /// <summary>The stable code clients branch on (one of <see cref="ProblemCodes"/>).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>A short, fixed summary of the code.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>What went wrong, for people; never the session.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; set; }
}

/// <summary>The source-generated serializer for every validator type: no reflection, trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ValidateSessionBody))]
[JsonSerializable(typeof(ValidateSessionResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProblemResponse))]
public sealed partial class ValidatorJsonContext : JsonSerializerContext;
