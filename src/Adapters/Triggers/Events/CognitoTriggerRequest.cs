using System.Text.Json;
using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>What every trigger request carries: the user's attributes (and any fields a newer Cognito adds).
/// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html#cognito-user-pools-lambda-trigger-syntax-shared</summary>
public abstract class CognitoTriggerRequest
{
    [JsonPropertyName("userAttributes")]
    public Dictionary<string, string?>? UserAttributes { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}
