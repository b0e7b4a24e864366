using System.Text.Json.Serialization;

namespace SfCognitoSso.Client;

internal sealed class InitiateAuthRequest
{
    public string AuthFlow { get; init; } = string.Empty;

    public string ClientId { get; init; } = string.Empty;

    public Dictionary<string, string> AuthParameters { get; init; } = [];
}

internal sealed class RespondToAuthChallengeRequest
{
    public string ClientId { get; init; } = string.Empty;

    public string ChallengeName { get; init; } = string.Empty;

    public string Session { get; init; } = string.Empty;

    public Dictionary<string, string> ChallengeResponses { get; init; } = [];

    /// <summary>Handed to the Verify trigger: the validator's ticket, when it gave one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

internal sealed class RevokeTokenRequest
{
    public string ClientId { get; init; } = string.Empty;

    public string Token { get; init; } = string.Empty;
}

internal sealed class GetTokensFromRefreshTokenRequest
{
    public string ClientId { get; init; } = string.Empty;

    public string RefreshToken { get; init; } = string.Empty;
}

internal sealed class AuthResponse
{
    public string? ChallengeName { get; init; }

    public Dictionary<string, string?>? ChallengeParameters { get; init; }

    public string? Session { get; init; }

    public AuthenticationResult? AuthenticationResult { get; init; }
}

internal sealed class AuthenticationResult
{
    public string? IdToken { get; init; }

    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    public int ExpiresIn { get; init; }

    public string? TokenType { get; init; }
}

internal sealed class CognitoErrorBody
{
    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("Message")]
    public string? MessageUpper { get; init; }
}

internal sealed class EmptyBody;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitiateAuthRequest))]
[JsonSerializable(typeof(RespondToAuthChallengeRequest))]
[JsonSerializable(typeof(RevokeTokenRequest))]
[JsonSerializable(typeof(GetTokensFromRefreshTokenRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(CognitoErrorBody))]
[JsonSerializable(typeof(EmptyBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
