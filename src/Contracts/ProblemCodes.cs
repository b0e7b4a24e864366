namespace SfCognitoSso.Contracts;

/// <summary>The stable <c>code</c> of every validator refusal. Clients branch on these, never on text.</summary>
public static class ProblemCodes
{
    /// <summary>The request is malformed.</summary>
    public const string InvalidRequest = "invalid_request";
    /// <summary>Salesforce did not accept the session.</summary>
    public const string InvalidSession = "invalid_session";
    /// <summary>The session's org is not one this deployment trusts.</summary>
    public const string OrgNotAllowed = "org_not_allowed";
    /// <summary>The Salesforce user is inactive, or the Cognito user is disabled.</summary>
    public const string UserInactive = "user_inactive";
    /// <summary>The Salesforce user has no email address.</summary>
    public const string EmailMissing = "email_missing";
    /// <summary>Users are linked by email and Salesforce does not say the address is verified.</summary>
    public const string EmailUnverified = "email_unverified";
    /// <summary>A guest, portal or community user this deployment does not allow.</summary>
    public const string UserTypeNotAllowed = "user_type_not_allowed";
    /// <summary>The Cognito user with this name belongs to someone else.</summary>
    public const string IdentityConflict = "identity_conflict";
    /// <summary>Too many requests are in progress; retry in a moment.</summary>
    public const string ServerBusy = "server_busy";
    /// <summary>More than one Cognito user has the email, or another one already uses it.</summary>
    public const string AmbiguousUser = "ambiguous_user";
    /// <summary>The request body is larger than the validator accepts.</summary>
    public const string PayloadTooLarge = "payload_too_large";
    /// <summary>This client has used up its requests for now; retry after <c>Retry-After</c>.</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>Salesforce could not be reached or gave an unusable answer; retry later.</summary>
    public const string SalesforceUnavailable = "salesforce_unavailable";
    /// <summary>The user directory could not be reached or is throttling; retry later.</summary>
    public const string DirectoryUnavailable = "directory_unavailable";
    /// <summary>A Canvas signed request's signature does not hold for its org's canvas app.</summary>
    public const string CanvasSignatureInvalid = "canvas_signature_invalid";
    /// <summary>No canvas app consumer secret is configured for the signed request's org.</summary>
    public const string CanvasNotConfigured = "canvas_not_configured";
}
