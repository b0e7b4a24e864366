namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>No access token for an org's events; the message holds no secret.</summary>
public sealed class OrgAccessException(string message) : Exception(message);
