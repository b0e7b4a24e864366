using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>The Pre token generation trigger event, versions 1 and 2 (the request's <c>version</c> says which).
/// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html</summary>
public sealed class CognitoPreTokenGenerationEvent : CognitoTriggerEvent<CognitoPreTokenGenerationRequest, CognitoPreTokenGenerationResponse>;

/// <summary>The request; <c>groupConfiguration</c>, <c>scopes</c> and <c>clientMetadata</c> are kept as extension data
/// and never read (claims come from the user's attributes only).</summary>
public sealed class CognitoPreTokenGenerationRequest : CognitoTriggerRequest;

/// <summary>Version 1 answers in <see cref="ClaimsOverrideDetails"/> (ID token only); version 2 in
/// <see cref="ClaimsAndScopeOverrideDetails"/> (ID and access tokens).</summary>
public sealed class CognitoPreTokenGenerationResponse
{
    [JsonPropertyName("claimsOverrideDetails")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClaimsOverrideDetails? ClaimsOverrideDetails { get; set; }

    [JsonPropertyName("claimsAndScopeOverrideDetails")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClaimsAndScopeOverrideDetails? ClaimsAndScopeOverrideDetails { get; set; }
}

public sealed class ClaimsOverrideDetails
{
    [JsonPropertyName("claimsToAddOrOverride")]
    public Dictionary<string, string>? ClaimsToAddOrOverride { get; set; }
}

public sealed class ClaimsAndScopeOverrideDetails
{
    [JsonPropertyName("idTokenGeneration")]
    public TokenGeneration? IdTokenGeneration { get; set; }

    [JsonPropertyName("accessTokenGeneration")]
    public TokenGeneration? AccessTokenGeneration { get; set; }
}

public sealed class TokenGeneration
{
    [JsonPropertyName("claimsToAddOrOverride")]
    public Dictionary<string, string>? ClaimsToAddOrOverride { get; set; }
}
