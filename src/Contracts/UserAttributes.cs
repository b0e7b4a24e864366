namespace SfCognitoSso.Contracts;

/// <summary>
/// The user pool attributes this product writes and reads: part of the pool's schema (Terraform declares the custom
/// ones), of the trigger events and of the tokens. Only the edges that speak Cognito use these names.
/// </summary>
public static class UserAttributes
{
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string SalesforceOrgId = "custom:sf_org_id";
    public const string SalesforceUserId = "custom:sf_user_id";
}
