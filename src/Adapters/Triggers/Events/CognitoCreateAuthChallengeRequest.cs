using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-create-auth-challenge.html#cognito-user-pools-lambda-trigger-syntax-create-auth-challenge-request</summary>
public sealed class CognitoCreateAuthChallengeRequest : CognitoTriggerRequest
{
    [JsonPropertyName("challengeName")]
    public string? ChallengeName { get; set; }

    [JsonPropertyName("session")]
    public List<ChallengeResultElement?>? Session { get; set; }

    [JsonPropertyName("clientMetadata")]
    public Dictionary<string, string?>? ClientMetadata { get; set; }

    [JsonPropertyName("userNotFound")]
    public bool? UserNotFound { get; set; }
}
