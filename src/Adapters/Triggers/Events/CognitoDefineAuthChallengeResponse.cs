using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html#cognito-user-pools-lambda-trigger-syntax-define-auth-challenge-response</summary>
public sealed class CognitoDefineAuthChallengeResponse
{
    [JsonPropertyName("challengeName")]
    public string? ChallengeName { get; set; }

    [JsonPropertyName("issueTokens")]
    public bool? IssueTokens { get; set; }

    [JsonPropertyName("failAuthentication")]
    public bool? FailAuthentication { get; set; }
}
