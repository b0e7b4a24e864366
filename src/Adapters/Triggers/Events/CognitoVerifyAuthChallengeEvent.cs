namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>The Verify auth challenge response trigger event.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-verify-auth-challenge-response.html</summary>
public sealed class CognitoVerifyAuthChallengeEvent : CognitoTriggerEvent<CognitoVerifyAuthChallengeRequest, CognitoVerifyAuthChallengeResponse>;
