namespace SfCognitoSso.Core;

/// <summary>
/// An expected refusal, returned as a value rather than thrown. <see cref="Message"/> is safe to show a client:
/// it never holds the session ID nor text copied from Salesforce or AWS.
/// </summary>
public sealed record Failure(FailureReason Reason, string Message)
{
    public static Failure InvalidRequest(string message) => new(FailureReason.InvalidRequest, message);

    public static readonly Failure InvalidSession =
        new(FailureReason.InvalidSession, "Salesforce did not accept the session.");

    public static readonly Failure OrgNotAllowed =
        new(FailureReason.OrgNotAllowed, "The session belongs to a Salesforce org this service does not trust.");

    public static readonly Failure UserInactive =
        new(FailureReason.UserInactive, "The Salesforce user is inactive.");

    public static readonly Failure EmailMissing =
        new(FailureReason.EmailMissing, "The Salesforce user has no email address.");

    public static readonly Failure EmailUnverified =
        new(FailureReason.EmailUnverified, "Salesforce does not report the user's email address as verified, and this service links users by email.");

    public static readonly Failure UserTypeNotAllowed =
        new(FailureReason.UserTypeNotAllowed, "This kind of Salesforce user (guest, portal or community) may not sign in here.");

    public static readonly Failure IdentityConflict =
        new(FailureReason.IdentityConflict, "A Cognito user with this name exists but does not belong to this Salesforce user.");

    public static readonly Failure AmbiguousUser =
        new(FailureReason.AmbiguousUser, "More than one Cognito user has this email address.");

    public static readonly Failure EmailTaken =
        new(FailureReason.AmbiguousUser, "Another Cognito user already uses this email address.");

    public static readonly Failure DirectoryUserDisabled =
        new(FailureReason.UserInactive, "The Cognito user is disabled.");

    public static readonly Failure SalesforceUnavailable =
        new(FailureReason.SalesforceUnavailable, "Salesforce could not be reached or gave an unusable answer.");

    public static readonly Failure DirectoryUnavailable =
        new(FailureReason.DirectoryUnavailable, "The user directory could not be reached.");

    /// <summary>The directory's request rate is used up for now (Cognito's TooManyRequestsException): wait and try
    /// again; never a reason to give up on the work.</summary>
    public static readonly Failure DirectoryThrottled =
        new(FailureReason.DirectoryUnavailable, "The user directory's request rate is used up; try again shortly.");
}
