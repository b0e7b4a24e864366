using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-verify-auth-challenge-response.html#cognito-user-pools-lambda-trigger-syntax-verify-auth-challenge-response-request</summary>
public sealed class CognitoVerifyAuthChallengeRequest : CognitoTriggerRequest
{
    [JsonPropertyName("privateChallengeParameters")]
    public Dictionary<string, string?>? PrivateChallengeParameters { get; set; }

    /// <summary>The client's answer: a Salesforce session ID, a secret. Never logged.</summary>
    [JsonPropertyName("challengeAnswer")]
    public string? ChallengeAnswer { get; set; }

    [JsonPropertyName("clientMetadata")]
    public Dictionary<string, string?>? ClientMetadata { get; set; }

    [JsonPropertyName("userNotFound")]
    public bool? UserNotFound { get; set; }
}
