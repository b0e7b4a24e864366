using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>Source-generated (de)serialization of the trigger events: no reflection, AOT-safe, fast to start.</summary>
[JsonSourceGenerationOptions]
[JsonSerializable(typeof(CognitoDefineAuthChallengeEvent))]
[JsonSerializable(typeof(CognitoCreateAuthChallengeEvent))]
[JsonSerializable(typeof(CognitoVerifyAuthChallengeEvent))]
[JsonSerializable(typeof(CognitoPreTokenGenerationEvent))]
public sealed partial class TriggerJsonContext : JsonSerializerContext;
