namespace SfCognitoSso.Contracts;

/// <summary>
/// The local stack's defaults, in one place: where it listens with no settings, and its pool and app client. The
/// stack, its emulator, the .NET client's <c>ForLocalStack</c> and <c>sfsso</c> all start from these.
/// </summary>
public static class LocalStackDefaults
{
    /// <summary>Where the local stack's validator listens by default.</summary>
    public const string ValidatorUrl = "http://127.0.0.1:5080";

    /// <summary>Where the local stack's Cognito user pool emulator listens by default.</summary>
    public const string CognitoUrl = "http://127.0.0.1:9230";

    /// <summary>Where the local stack's Salesforce stand-in listens by default.</summary>
    public const string SalesforceUrl = "http://127.0.0.1:9231";

    /// <summary>The Salesforce stand-in's Pub/Sub API (gRPC, cleartext HTTP/2).</summary>
    public const string PubSubUrl = "http://127.0.0.1:9232";

    /// <summary>In the real format (<c>region_id</c>): aws-jwt-verify and the client libraries reject anything else.</summary>
    public const string UserPoolId = "us-east-1_SfSsoLocal";

    /// <summary>The emulated pool's app client, the one the local stack's clients sign in with.</summary>
    public const string ClientId = "sfssolocal";

    /// <summary>The emulated pool's confidential app client, the one the local stack's token exchange signs in with.</summary>
    public const string ExchangeClientId = "sfssolocalexchange";
}
