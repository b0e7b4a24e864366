using System.Diagnostics;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>One span per Cognito operation under the activity source <see cref="Name"/> (OpenTelemetry: AddSource
/// with this name); tags name the operation and AWS's error type, never a user attribute.</summary>
public static class CognitoTelemetry
{
    public const string Name = "SfCognitoSso.Cognito";

    internal static readonly ActivitySource ActivitySource = new(Name);
}
