namespace SfCognitoSso.Contracts;

/// <summary>
/// The user pool attributes this product writes and reads: part of the pool's schema (Terraform declares the custom
/// ones), of the trigger events and of the tokens. Only the edges that speak Cognito use these names.
/// </summary>
public static class UserAttributes
{
    /// <summary>The user's email address.</summary>
    public const string Email = "email";
    /// <summary>Whether the email address is verified (<c>true</c> / <c>false</c>).</summary>
    public const string EmailVerified = "email_verified";
    /// <summary>The Salesforce org ID (18 characters) a user was created for.</summary>
    public const string SalesforceOrgId = "custom:sf_org_id";
    /// <summary>The Salesforce user ID (18 characters) a user was created for.</summary>
    public const string SalesforceUserId = "custom:sf_user_id";

    /// <summary>
    /// When single sign-out last ended the user's sign-in (Unix seconds, as text): written before the refresh tokens
    /// are revoked, read by Verify from its event, so no proof made before it signs the user in again — whatever
    /// store the validator and the triggers do or do not share. Only the admin API may write it: the app clients'
    /// write attributes leave it out, or a user could clear it with their own access token.
    /// </summary>
    public const string SignedOutAt = "custom:sf_signout_at";

    /// <summary>The pool's custom attributes, as its schema declares them.</summary>
    public static readonly IReadOnlyList<string> Custom = [SalesforceOrgId, SalesforceUserId, SignedOutAt];
}
