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

/// <summary>
/// What a Cognito event says it is: its <c>triggerSource</c> (e.g. <c>VerifyAuthChallengeResponse_Authentication</c>,
/// the <c>TokenGeneration_*</c> sources). Read without deserializing the event.
/// </summary>
public static class TriggerSources
{
    /// <summary>The trigger the event is for; null when it names none of ours (or none at all).</summary>
    public static CognitoTrigger? Of(ReadOnlySpan<byte> eventJson)
    {
        var reader = new System.Text.Json.Utf8JsonReader(eventJson, new System.Text.Json.JsonReaderOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("triggerSource"u8))
                {
                    return reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String ? Named(reader.GetString()) : null;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Broken JSON or text that is not UTF-8 names no trigger; reading the event proper reports what is wrong.
        }

        return null;
    }

    private static CognitoTrigger? Named(string? source) => source switch
    {
        "DefineAuthChallenge_Authentication" => CognitoTrigger.DefineAuthChallenge,
        "CreateAuthChallenge_Authentication" => CognitoTrigger.CreateAuthChallenge,
        "VerifyAuthChallengeResponse_Authentication" => CognitoTrigger.VerifyAuthChallenge,
        { } tokenGeneration when tokenGeneration.StartsWith("TokenGeneration_", StringComparison.Ordinal) => CognitoTrigger.PreTokenGeneration,
        _ => null,
    };
}

/// <summary>The event could not be read. The message is safe to print: it never quotes the event.</summary>
public sealed class TriggerEventException(string message) : Exception(message);
