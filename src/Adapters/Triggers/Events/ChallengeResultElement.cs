using System.Text.Json;
using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>One entry of <c>request.session</c>: a challenge already answered in this sign-in.
/// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-define-auth-challenge.html</summary>
public sealed class ChallengeResultElement
{
    [JsonPropertyName("challengeName")]
    public string? ChallengeName { get; set; }

    [JsonPropertyName("challengeResult")]
    public bool? ChallengeResult { get; set; }

    [JsonPropertyName("challengeMetadata")]
    public string? ChallengeMetadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalFields { get; set; }
}
