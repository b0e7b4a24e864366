namespace SfCognitoSso.Contracts;

/// <summary>The stable <c>code</c> of every validator refusal. Clients branch on these, never on text.</summary>
public static class ProblemCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidSession = "invalid_session";
    public const string OrgNotAllowed = "org_not_allowed";
    public const string UserInactive = "user_inactive";
    public const string EmailMissing = "email_missing";
    public const string EmailUnverified = "email_unverified";
    public const string UserTypeNotAllowed = "user_type_not_allowed";
    public const string IdentityConflict = "identity_conflict";
    public const string ServerBusy = "server_busy";
    public const string AmbiguousUser = "ambiguous_user";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string SalesforceUnavailable = "salesforce_unavailable";
    public const string DirectoryUnavailable = "directory_unavailable";
    public const string CanvasSignatureInvalid = "canvas_signature_invalid";
    public const string CanvasNotConfigured = "canvas_not_configured";
}
