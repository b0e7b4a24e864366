namespace SfCognitoSso.Core.Identity;

/// <summary>What ties a Salesforce user to a Cognito user (setting <c>Identity__Key</c>).</summary>
public enum IdentityKey
{
    /// <summary>Username <c>sf_&lt;org18&gt;_&lt;user18&gt;</c>; verify matches org and user ID. The default.</summary>
    SalesforceUserId,

    /// <summary>An existing user of any provider with the same verified email, else a new one; verify matches email.</summary>
    Email,
}
