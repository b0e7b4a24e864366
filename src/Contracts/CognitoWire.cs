namespace SfCognitoSso.Contracts;

/// <summary>Cognito user pool API's wire names that both our Cognito client (the adapter) and the .NET client speak.</summary>
public static class CognitoWire
{
    /// <summary><c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Operation&gt;</c> on every call.</summary>
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    /// <summary>The header naming the API operation (<c>AWSCognitoIdentityProviderService.&lt;Operation&gt;</c>).</summary>
    public const string TargetHeader = "X-Amz-Target";

    /// <summary>The media type of every request and answer of Cognito's user pool API.</summary>
    public const string JsonContentType = "application/x-amz-json-1.1";
}
