namespace SfCognitoSso.Contracts;

/// <summary>
/// The local stack's defaults, in one place: where it listens with no settings, and its pool and app client. The
/// stack, its emulator, the .NET client's <c>ForLocalStack</c> and <c>sfsso</c> all start from these.
/// </summary>
public static class LocalStackDefaults
{
    public const string ValidatorUrl = "http://127.0.0.1:5080";

    public const string CognitoUrl = "http://127.0.0.1:9230";

    public const string SalesforceUrl = "http://127.0.0.1:9231";

    /// <summary>The Salesforce stand-in's Pub/Sub API (gRPC, cleartext HTTP/2).</summary>
    public const string PubSubUrl = "http://127.0.0.1:9232";

    /// <summary>In the real format (<c>region_id</c>): aws-jwt-verify and the client libraries reject anything else.</summary>
    public const string UserPoolId = "us-east-1_SfSsoLocal";

    public const string ClientId = "sfssolocal";
}
