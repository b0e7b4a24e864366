using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Every refusal as <c>application/problem+json</c> with its HTTP status and a stable <c>code</c>. Clients branch on
/// <c>code</c>; <c>detail</c> is for people and never holds the session or text from Salesforce or AWS.
/// </summary>
public static class Problems
{
    public static (int Status, string Code) For(FailureReason reason) => reason switch
    {
        FailureReason.InvalidRequest => (StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest),
        FailureReason.InvalidSession => (StatusCodes.Status401Unauthorized, ProblemCodes.InvalidSession),
        FailureReason.OrgNotAllowed => (StatusCodes.Status403Forbidden, ProblemCodes.OrgNotAllowed),
        FailureReason.UserInactive => (StatusCodes.Status403Forbidden, ProblemCodes.UserInactive),
        FailureReason.EmailMissing => (StatusCodes.Status403Forbidden, ProblemCodes.EmailMissing),
        FailureReason.EmailUnverified => (StatusCodes.Status403Forbidden, ProblemCodes.EmailUnverified),
        FailureReason.UserTypeNotAllowed => (StatusCodes.Status403Forbidden, ProblemCodes.UserTypeNotAllowed),
        FailureReason.AmbiguousUser => (StatusCodes.Status409Conflict, ProblemCodes.AmbiguousUser),
        FailureReason.IdentityConflict => (StatusCodes.Status409Conflict, ProblemCodes.IdentityConflict),
        FailureReason.SalesforceUnavailable => (StatusCodes.Status502BadGateway, ProblemCodes.SalesforceUnavailable),
        FailureReason.DirectoryUnavailable => (StatusCodes.Status503ServiceUnavailable, ProblemCodes.DirectoryUnavailable),
        FailureReason.CanvasSignatureInvalid => (StatusCodes.Status401Unauthorized, ProblemCodes.CanvasSignatureInvalid),
        FailureReason.CanvasNotConfigured => (StatusCodes.Status401Unauthorized, ProblemCodes.CanvasNotConfigured),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown failure reason."),
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
        ProblemCodes.InvalidRequest => "The request is not valid.",
        ProblemCodes.InvalidSession => "The Salesforce session is not valid.",
        ProblemCodes.OrgNotAllowed => "The Salesforce org is not trusted.",
        ProblemCodes.UserInactive => "The user is inactive.",
        ProblemCodes.EmailMissing => "The Salesforce user has no email address.",
        ProblemCodes.EmailUnverified => "The email address is not verified.",
        ProblemCodes.UserTypeNotAllowed => "This kind of Salesforce user may not sign in.",
        ProblemCodes.AmbiguousUser => "The user cannot be told apart from another.",
        ProblemCodes.IdentityConflict => "The Cognito user belongs to someone else.",
        ProblemCodes.ServerBusy => "The service is busy.",
        ProblemCodes.PayloadTooLarge => "The request body is too large.",
        ProblemCodes.RateLimited => "Too many requests.",
        ProblemCodes.SalesforceUnavailable => "Salesforce is unavailable.",
        ProblemCodes.DirectoryUnavailable => "The user directory is unavailable.",
        ProblemCodes.CanvasSignatureInvalid => "The Canvas signed request is not signed by this org's canvas app.",
        ProblemCodes.CanvasNotConfigured => "Canvas sign-in is not configured for this org.",
        _ => "The request was refused.",
    };
}
