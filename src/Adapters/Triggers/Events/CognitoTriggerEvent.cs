using System.Text.Json;
using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>
/// The fields every Cognito user pool trigger event shares.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html#cognito-user-pools-lambda-trigger-syntax-shared
/// Unknown fields are kept and written back, so the reply is the whole event with only <c>response</c> replaced.
/// </summary>
public abstract class CognitoTriggerEvent<TRequest, TResponse>
    where TRequest : CognitoTriggerRequest
    where TResponse : class
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("userPoolId")]
    public string? UserPoolId { get; set; }

    [JsonPropertyName("userName")]
    public string? UserName { get; set; }

    [JsonPropertyName("callerContext")]
    public CognitoTriggerCallerContext? CallerContext { get; set; }

    [JsonPropertyName("triggerSource")]
    public string? TriggerSource { get; set; }

    [JsonPropertyName("request")]
    public TRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public TResponse? Response { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}
