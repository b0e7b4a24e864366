namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>The Define auth challenge trigger event.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html</summary>
public sealed class CognitoDefineAuthChallengeEvent : CognitoTriggerEvent<CognitoDefineAuthChallengeRequest, CognitoDefineAuthChallengeResponse>;
