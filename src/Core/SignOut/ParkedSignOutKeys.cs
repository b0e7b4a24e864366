namespace SfCognitoSso.Core.SignOut;

/// <summary>Where a deployment's parked sign-outs, and an operator's ask to retry them, are kept in the shared store
/// (under the validator's cache prefix): one place for the validator that writes them and <c>sfsso</c> that reads them.</summary>
public static class ParkedSignOutKeys
{
    /// <summary>The deployment of a host with no Cognito pool.</summary>
    public const string DefaultDeployment = "default";

    /// <summary>The prefix of the deployment's parked sign-outs, each a line of IDs only.</summary>
    public static string Prefix(string deployment) => $"signout:parked:v2:{deployment}:";

    /// <summary>A subscription's parked sign-outs in one value (a line each), for whoever holds its lease next.</summary>
    public static string Index(string deployment, string orgId, string topic) => $"signout:parked-index:v1:{deployment}:{orgId}:{topic}";

    /// <summary>The time (UTC ticks) an operator last asked every instance to retry its parked sign-outs now.</summary>
    public static string RetryAsk(string deployment) => $"signout:parked-retry:v1:{deployment}";
}
