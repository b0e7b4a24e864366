namespace SfCognitoSso.Adapters.Triggers;

/// <summary>The three custom-auth triggers and pre token generation, by their command-line and <c>_HANDLER</c> names.</summary>
public enum CognitoTrigger
{
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallenge,
    PreTokenGeneration,
}
