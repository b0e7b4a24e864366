using System.Text.Json;
using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>Who called Cognito.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html#cognito-user-pools-lambda-trigger-syntax-shared</summary>
public sealed class CognitoTriggerCallerContext
{
    [JsonPropertyName("awsSdkVersion")]
    public string? AwsSdkVersion { get; set; }

    [JsonPropertyName("clientId")]
    public string? ClientId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}
