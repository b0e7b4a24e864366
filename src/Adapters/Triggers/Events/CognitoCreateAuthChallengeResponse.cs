using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-create-auth-challenge.html#cognito-user-pools-lambda-trigger-syntax-create-auth-challenge-response</summary>
public sealed class CognitoCreateAuthChallengeResponse
{
    [JsonPropertyName("publicChallengeParameters")]
    public Dictionary<string, string>? PublicChallengeParameters { get; set; }

    [JsonPropertyName("privateChallengeParameters")]
    public Dictionary<string, string>? PrivateChallengeParameters { get; set; }

    [JsonPropertyName("challengeMetadata")]
    public string? ChallengeMetadata { get; set; }
}
