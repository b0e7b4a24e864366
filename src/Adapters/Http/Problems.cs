using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Every refusal as <c>application/problem+json</c> with its HTTP status and a stable <c>code</c>. Clients branch on
/// <c>code</c>; <c>detail</c> is for people and never holds the session or text from Salesforce or AWS.
/// </summary>
public static class Problems
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidSession = "invalid_session";
    public const string OrgNotAllowed = "org_not_allowed";
    public const string UserInactive = "user_inactive";
    public const string EmailMissing = "email_missing";
    public const string AmbiguousUser = "ambiguous_user";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string SalesforceUnavailable = "salesforce_unavailable";
    public const string DirectoryUnavailable = "directory_unavailable";

    public static (int Status, string Code) For(FailureReason reason) => reason switch
    {
        FailureReason.InvalidRequest => (StatusCodes.Status400BadRequest, InvalidRequest),
        FailureReason.InvalidSession => (StatusCodes.Status401Unauthorized, InvalidSession),
        FailureReason.OrgNotAllowed => (StatusCodes.Status403Forbidden, OrgNotAllowed),
        FailureReason.UserInactive => (StatusCodes.Status403Forbidden, UserInactive),
        FailureReason.EmailMissing => (StatusCodes.Status403Forbidden, EmailMissing),
        FailureReason.AmbiguousUser => (StatusCodes.Status409Conflict, AmbiguousUser),
        FailureReason.SalesforceUnavailable => (StatusCodes.Status502BadGateway, SalesforceUnavailable),
        _ => (StatusCodes.Status503ServiceUnavailable, DirectoryUnavailable),
    };

    public static ProblemHttpResult From(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (status, code) = For(failure.Reason);
        return Create(status, code, failure.Message);
    }

    public static ProblemHttpResult Create(int status, string code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(code),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });

    private static string Title(string code) => code switch
    {
        InvalidRequest => "The request is not valid.",
        InvalidSession => "The Salesforce session is not valid.",
        OrgNotAllowed => "The Salesforce org is not trusted.",
        UserInactive => "The user is inactive.",
        EmailMissing => "The Salesforce user has no email address.",
        AmbiguousUser => "The user cannot be told apart from another.",
        PayloadTooLarge => "The request body is too large.",
        RateLimited => "Too many requests.",
        SalesforceUnavailable => "Salesforce is unavailable.",
        _ => "The user directory is unavailable.",
    };
}
