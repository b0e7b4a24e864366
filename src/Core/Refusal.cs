namespace SfCognitoSso.Core;

/// <summary>
/// An expected refusal, returned as a value rather than thrown. <see cref="Message"/> is safe to show a client:
/// it never holds the session ID nor text copied from Salesforce or AWS.
/// </summary>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    /// <summary>A malformed request, with what is wrong.</summary>
    public static Refusal InvalidRequest(string message) => new(RefusalReason.InvalidRequest, message);

    /// <summary>Salesforce did not accept the session.</summary>
    public static readonly Refusal InvalidSession =
        new(RefusalReason.InvalidSession, "Salesforce did not accept the session.");

    /// <summary>The session's org is not trusted.</summary>
    public static readonly Refusal OrgNotAllowed =
        new(RefusalReason.OrgNotAllowed, "The session belongs to a Salesforce org this service does not trust.");

    /// <summary>The Salesforce user is inactive.</summary>
    public static readonly Refusal UserInactive =
        new(RefusalReason.UserInactive, "The Salesforce user is inactive.");

    /// <summary>The Salesforce user has no email address.</summary>
    public static readonly Refusal EmailMissing =
        new(RefusalReason.EmailMissing, "The Salesforce user has no email address.");

    /// <summary>Users are linked by email and the address is not verified.</summary>
    public static readonly Refusal EmailUnverified =
        new(RefusalReason.EmailUnverified, "Salesforce does not report the user's email address as verified, and this service links users by email.");

    /// <summary>A guest, portal or community user not allowed here.</summary>
    public static readonly Refusal UserTypeNotAllowed =
        new(RefusalReason.UserTypeNotAllowed, "This kind of Salesforce user (guest, portal or community) may not sign in here.");

    /// <summary>The directory user with this name belongs to someone else.</summary>
    public static readonly Refusal IdentityConflict =
        new(RefusalReason.IdentityConflict, "A Cognito user with this name exists but does not belong to this Salesforce user.");

    /// <summary>More than one directory user has this email address.</summary>
    public static readonly Refusal AmbiguousUser =
        new(RefusalReason.AmbiguousUser, "More than one Cognito user has this email address.");

    /// <summary>Another directory user already uses this email address.</summary>
    public static readonly Refusal EmailTaken =
        new(RefusalReason.AmbiguousUser, "Another Cognito user already uses this email address.");

    /// <summary>The directory user is disabled.</summary>
    public static readonly Refusal DirectoryUserDisabled =
        new(RefusalReason.UserInactive, "The Cognito user is disabled.");

    /// <summary>Salesforce could not be reached or gave an unusable answer.</summary>
    public static readonly Refusal SalesforceUnavailable =
        new(RefusalReason.SalesforceUnavailable, "Salesforce could not be reached or gave an unusable answer.");

    /// <summary>The user directory could not be reached.</summary>
    public static readonly Refusal DirectoryUnavailable =
        new(RefusalReason.DirectoryUnavailable, "The user directory could not be reached.");

    /// <summary>The directory's request rate is used up for now (Cognito's TooManyRequestsException): wait and try
    /// again; never a reason to give up on the work.</summary>
    public static readonly Refusal DirectoryThrottled =
        new(RefusalReason.DirectoryUnavailable, "The user directory's request rate is used up; try again shortly.");
}
