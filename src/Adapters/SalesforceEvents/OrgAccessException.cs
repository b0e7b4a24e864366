namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>No access token for an org's events; the message holds no secret. <see cref="Cause"/>, when set, is what
/// an admin must fix in the org (the events app or its run-as user): health and the log name it.</summary>
public sealed class OrgAccessException(string message, string? cause = null) : Exception(message)
{
    /// <summary>The events app issues JWT-based access tokens, which the Pub/Sub API refuses.</summary>
    public const string JwtAccessTokens =
        "the events app issues JWT-based access tokens, which the Pub/Sub API refuses: it must issue opaque tokens (turn off JWT-based access tokens on the app: isNamedUserJwtEnabled false in infra/salesforce)";

    /// <summary>The org refuses the run-as user (Salesforce's <c>invalid_grant</c>, <c>inactive user</c>).</summary>
    public const string RunAsUserInactive =
        "the events app's run-as user is inactive or frozen in Salesforce (token endpoint: invalid_grant, inactive user): reactivate or unfreeze it, and put the validator's outbound addresses in its login IP ranges (Salesforce freezes API users calling from high-risk addresses)";

    /// <summary>What an admin must fix in the org, or null for a passing fault.</summary>
    public string? Cause { get; } = cause;
}
