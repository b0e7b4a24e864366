namespace SfCognitoSso.Contracts;

/// <summary>Cognito user pool API's wire names that both our Cognito client (the adapter) and the .NET client speak.</summary>
public static class CognitoWire
{
    /// <summary><c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Operation&gt;</c> on every call.</summary>
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    public const string TargetHeader = "X-Amz-Target";

    public const string JsonContentType = "application/x-amz-json-1.1";
}
