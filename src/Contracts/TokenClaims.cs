namespace SfCognitoSso.Contracts;

/// <summary>The claims our pre token generation trigger adds to Cognito's tokens (18-character IDs).</summary>
public static class TokenClaims
{
    /// <summary>The Salesforce org ID (18 characters) the pre token generation trigger adds to tokens.</summary>
    public const string SalesforceOrgId = "sf_org_id";
    /// <summary>The Salesforce user ID (18 characters) the pre token generation trigger adds to tokens.</summary>
    public const string SalesforceUserId = "sf_user_id";
}
