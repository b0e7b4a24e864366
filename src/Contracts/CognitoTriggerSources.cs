namespace SfCognitoSso.Contracts;

/// <summary>The <c>triggerSource</c> values Cognito puts in the trigger events this product handles: the Lambda host
/// reads them to route an event, the Cognito emulator writes them as Cognito does.</summary>
public static class CognitoTriggerSources
{
    /// <summary>DefineAuthChallenge, during a custom-auth sign-in.</summary>
    public const string DefineAuthChallenge = "DefineAuthChallenge_Authentication";

    /// <summary>CreateAuthChallenge, during a custom-auth sign-in.</summary>
    public const string CreateAuthChallenge = "CreateAuthChallenge_Authentication";

    /// <summary>VerifyAuthChallengeResponse, during a custom-auth sign-in.</summary>
    public const string VerifyAuthChallengeResponse = "VerifyAuthChallengeResponse_Authentication";

    /// <summary>What every pre token generation source starts with.</summary>
    public const string TokenGenerationPrefix = "TokenGeneration_";

    /// <summary>Pre token generation at sign-in.</summary>
    public const string TokenGenerationAuthentication = TokenGenerationPrefix + "Authentication";

    /// <summary>Pre token generation at a refresh.</summary>
    public const string TokenGenerationRefreshTokens = TokenGenerationPrefix + "RefreshTokens";
}
