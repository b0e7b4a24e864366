namespace SfCognitoSso.Adapters.Triggers;

public static class CognitoTriggerNames
{
    public const string Define = "define-auth-challenge";
    public const string Create = "create-auth-challenge";
    public const string Verify = "verify-auth-challenge";
    public const string PreTokenGeneration = "pre-token-generation";

    /// <summary>One function for every trigger: each event is served by what its <c>triggerSource</c> says it is.</summary>
    public const string Any = "any-trigger";

    /// <summary>Every trigger, for a function that serves them all.</summary>
    public static readonly IReadOnlyList<CognitoTrigger> All =
        [CognitoTrigger.DefineAuthChallenge, CognitoTrigger.CreateAuthChallenge, CognitoTrigger.VerifyAuthChallenge, CognitoTrigger.PreTokenGeneration];

    /// <summary>A trigger's name, or <see cref="Any"/>: the triggers the function serves (all four for any).</summary>
    public static bool TryParseSelection(string? name, out IReadOnlyList<CognitoTrigger> triggers)
    {
        if (name == Any)
        {
            triggers = All;
            return true;
        }

        triggers = TryParse(name, out var trigger) ? [trigger] : [];
        return triggers.Count == 1;
    }

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
