namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>The Create auth challenge trigger event.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-create-auth-challenge.html</summary>
public sealed class CognitoCreateAuthChallengeEvent : CognitoTriggerEvent<CognitoCreateAuthChallengeRequest, CognitoCreateAuthChallengeResponse>;
