namespace SfCognitoSso.Contracts;

/// <summary>The claims our pre token generation trigger adds to Cognito's tokens (18-character IDs).</summary>
public static class TokenClaims
{
    public const string SalesforceOrgId = "sf_org_id";
    public const string SalesforceUserId = "sf_user_id";
}
