using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>An answer to one API call: 200 with a body, or 400 with Cognito's error.</summary>
public sealed record EmulatorResponse(int Status, string Body, string? ErrorType = null, string? ErrorMessage = null)
{
    public static EmulatorResponse Error(UserPoolException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.Type == "InternalErrorException" ? 500 : 400;
        return new(status, new JsonObject { ["__type"] = error.Type, ["message"] = error.Message }.ToJsonString(), error.Type, error.Message);
    }
}
