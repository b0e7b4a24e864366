using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Triggers.Events;

/// <summary>Source-generated (de)serialization of the trigger events: no reflection, AOT-safe, fast to start.</summary>
[JsonSourceGenerationOptions]
[JsonSerializable(typeof(DefineAuthChallengeEvent))]
[JsonSerializable(typeof(CreateAuthChallengeEvent))]
[JsonSerializable(typeof(VerifyAuthChallengeEvent))]
public sealed partial class TriggerJsonContext : JsonSerializerContext;
