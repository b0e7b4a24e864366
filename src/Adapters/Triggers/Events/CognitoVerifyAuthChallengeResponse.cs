using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-verify-auth-challenge-response.html#cognito-user-pools-lambda-trigger-syntax-verify-auth-challenge-response-response</summary>
public sealed class CognitoVerifyAuthChallengeResponse
{
    [JsonPropertyName("answerCorrect")]
    public bool? AnswerCorrect { get; set; }
}
