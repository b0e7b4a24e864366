namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>The two event streams that say a user's Salesforce sessions ended.</summary>
public static class SignOutTopics
{
    /// <summary>Every logout from the org's UI (Real-Time Event Monitoring, streaming on).</summary>
    public const string Logout = "/event/LogoutEventStream";

    /// <summary>Change Data Capture for User: an update whose IsActive is now false is a deactivation.</summary>
    public const string UserChange = "/data/UserChangeEvent";

    public static readonly IReadOnlyList<string> All = [Logout, UserChange];
}
