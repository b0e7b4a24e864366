using Microsoft.AspNetCore.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The failure table: every refusal either endpoint can give, in one place. <see cref="Problems"/>, the token
/// exchange's errors, the request limits and the OpenAPI description's list of codes are all read from it.
/// </summary>
public static class Refusals
{
    private const int BadRequest = StatusCodes.Status400BadRequest;
    private const int Unavailable = StatusCodes.Status503ServiceUnavailable;

    // Refused sessions, untrusted orgs, inactive or conflicting users: to OAuth, the grant is not good.
    public static readonly Refusal InvalidRequest = new(ProblemCodes.InvalidRequest, BadRequest, "The request is not valid.", TokenExchange.InvalidRequest, BadRequest);
    public static readonly Refusal InvalidSession = new(ProblemCodes.InvalidSession, StatusCodes.Status401Unauthorized, "The Salesforce session is not valid.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal CanvasSignatureInvalid = new(ProblemCodes.CanvasSignatureInvalid, StatusCodes.Status401Unauthorized, "The Canvas signed request is not signed by this org's canvas app.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal CanvasNotConfigured = new(ProblemCodes.CanvasNotConfigured, StatusCodes.Status401Unauthorized, "Canvas sign-in is not configured for this org.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal OrgNotAllowed = new(ProblemCodes.OrgNotAllowed, StatusCodes.Status403Forbidden, "The Salesforce org is not trusted.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal UserInactive = new(ProblemCodes.UserInactive, StatusCodes.Status403Forbidden, "The user is inactive.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal EmailMissing = new(ProblemCodes.EmailMissing, StatusCodes.Status403Forbidden, "The Salesforce user has no email address.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal EmailUnverified = new(ProblemCodes.EmailUnverified, StatusCodes.Status403Forbidden, "The email address is not verified.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal UserTypeNotAllowed = new(ProblemCodes.UserTypeNotAllowed, StatusCodes.Status403Forbidden, "This kind of Salesforce user may not sign in.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal AmbiguousUser = new(ProblemCodes.AmbiguousUser, StatusCodes.Status409Conflict, "The user cannot be told apart from another.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal IdentityConflict = new(ProblemCodes.IdentityConflict, StatusCodes.Status409Conflict, "The Cognito user belongs to someone else.", TokenExchange.InvalidGrant, BadRequest);
    public static readonly Refusal PayloadTooLarge = new(ProblemCodes.PayloadTooLarge, StatusCodes.Status413PayloadTooLarge, "The request body is too large.", TokenExchange.InvalidRequest, StatusCodes.Status413PayloadTooLarge);
    public static readonly Refusal RateLimited = new(ProblemCodes.RateLimited, StatusCodes.Status429TooManyRequests, "Too many requests.", TokenExchange.TemporarilyUnavailable, StatusCodes.Status429TooManyRequests, RetryAfter: true);
    public static readonly Refusal SalesforceUnavailable = new(ProblemCodes.SalesforceUnavailable, StatusCodes.Status502BadGateway, "Salesforce is unavailable.", TokenExchange.TemporarilyUnavailable, Unavailable);
    public static readonly Refusal DirectoryUnavailable = new(ProblemCodes.DirectoryUnavailable, Unavailable, "The user directory is unavailable.", TokenExchange.TemporarilyUnavailable, Unavailable);
    public static readonly Refusal ServerBusy = new(ProblemCodes.ServerBusy, Unavailable, "The service is busy.", TokenExchange.TemporarilyUnavailable, Unavailable, RetryAfter: true);

    /// <summary>Every row, in the order the OpenAPI description lists them.</summary>
    public static IReadOnlyList<Refusal> All { get; } =
    [
        InvalidRequest, InvalidSession, CanvasSignatureInvalid, CanvasNotConfigured, OrgNotAllowed, UserInactive, EmailMissing,
        EmailUnverified, UserTypeNotAllowed, AmbiguousUser, IdentityConflict, PayloadTooLarge, RateLimited, SalesforceUnavailable,
        DirectoryUnavailable, ServerBusy,
    ];

    public static Refusal For(FailureReason reason) => reason switch
    {
        FailureReason.InvalidRequest => InvalidRequest,
        FailureReason.InvalidSession => InvalidSession,
        FailureReason.OrgNotAllowed => OrgNotAllowed,
        FailureReason.UserInactive => UserInactive,
        FailureReason.EmailMissing => EmailMissing,
        FailureReason.EmailUnverified => EmailUnverified,
        FailureReason.UserTypeNotAllowed => UserTypeNotAllowed,
        FailureReason.AmbiguousUser => AmbiguousUser,
        FailureReason.IdentityConflict => IdentityConflict,
        FailureReason.SalesforceUnavailable => SalesforceUnavailable,
        FailureReason.DirectoryUnavailable => DirectoryUnavailable,
        FailureReason.CanvasSignatureInvalid => CanvasSignatureInvalid,
        FailureReason.CanvasNotConfigured => CanvasNotConfigured,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown failure reason."),
    };

    /// <summary>The codes by HTTP status, as the OpenAPI description lists them:
    /// <c>invalid_request (400), invalid_session / … (401), …, rate_limited (429, with Retry-After), …</c>.</summary>
    public static string Listed() => string.Join(", ", All.GroupBy(row => row.Status).OrderBy(group => group.Key).Select(group =>
    {
        var codes = string.Join(" / ", group.Select(row => row.Code));
        var retrying = group.Where(row => row.RetryAfter).Select(row => row.Code).ToList();
        var note = retrying.Count == 0 ? string.Empty
            : retrying.Count == group.Count() ? ", with Retry-After"
            : $", {string.Join(" / ", retrying)} with Retry-After";
        return $"{codes} ({group.Key}{note})";
    }));
}
