namespace SfCognitoSso.Adapters.Triggers;

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
        Contracts.CognitoTriggerSources.DefineAuthChallenge => CognitoTrigger.DefineAuthChallenge,
        Contracts.CognitoTriggerSources.CreateAuthChallenge => CognitoTrigger.CreateAuthChallenge,
        Contracts.CognitoTriggerSources.VerifyAuthChallengeResponse => CognitoTrigger.VerifyAuthChallenge,
        { } tokenGeneration when tokenGeneration.StartsWith(Contracts.CognitoTriggerSources.TokenGenerationPrefix, StringComparison.Ordinal) => CognitoTrigger.PreTokenGeneration,
        _ => null,
    };
}
