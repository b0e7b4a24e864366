namespace SfCognitoSso.Adapters.Triggers;

/// <summary>The three custom-auth triggers and pre token generation, by their command-line and <c>_HANDLER</c> names.</summary>
public enum CognitoTrigger
{
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallenge,
    PreTokenGeneration,
}

public static class CognitoTriggerNames
{
    public const string Define = "define-auth-challenge";
    public const string Create = "create-auth-challenge";
    public const string Verify = "verify-auth-challenge";
    public const string PreTokenGeneration = "pre-token-generation";

    public static bool TryParse(string? name, out CognitoTrigger trigger)
    {
        (var known, trigger) = name switch
        {
            Define => (true, CognitoTrigger.DefineAuthChallenge),
            Create => (true, CognitoTrigger.CreateAuthChallenge),
            Verify => (true, CognitoTrigger.VerifyAuthChallenge),
            PreTokenGeneration => (true, CognitoTrigger.PreTokenGeneration),
            _ => (false, default),
        };
        return known;
    }

    public static string NameOf(CognitoTrigger trigger) => trigger switch
    {
        CognitoTrigger.DefineAuthChallenge => Define,
        CognitoTrigger.CreateAuthChallenge => Create,
        CognitoTrigger.VerifyAuthChallenge => Verify,
        CognitoTrigger.PreTokenGeneration => PreTokenGeneration,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
    };
}

/// <summary>The event could not be read. The message is safe to print: it never quotes the event.</summary>
public sealed class TriggerEventException(string message) : Exception(message);
