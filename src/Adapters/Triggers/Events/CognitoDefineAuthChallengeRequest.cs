using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html#cognito-user-pools-lambda-trigger-syntax-define-auth-challenge-request</summary>
public sealed class CognitoDefineAuthChallengeRequest : CognitoTriggerRequest
{
    [JsonPropertyName("session")]
    public List<ChallengeResultElement?>? Session { get; set; }

    [JsonPropertyName("clientMetadata")]
    public Dictionary<string, string?>? ClientMetadata { get; set; }

    [JsonPropertyName("userNotFound")]
    public bool? UserNotFound { get; set; }
}
