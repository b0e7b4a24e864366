using Microsoft.AspNetCore.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The one mapping from a <see cref="RefusalReason"/> to what HTTP says: the validator endpoint's problem code and
/// status, and the token exchange's RFC 6749 §5.2 error and status. <see cref="Problems"/>, the token exchange, the
/// canvas app, the request limits and the OpenAPI description's list of codes all read it.
/// </summary>
public static class RefusalCodes
{
    private const int BadRequest = StatusCodes.Status400BadRequest;
    private const int Unavailable = StatusCodes.Status503ServiceUnavailable;

    /// <summary>One row of the table.</summary>
    public sealed record Entry(RefusalReason Reason, string Code, int Status, string Title, string OAuthError, int OAuthStatus, bool RetryAfter = false);

    /// <summary>Every row, in the order the OpenAPI description lists them. Refused sessions, untrusted orgs, inactive or
    /// conflicting users are, to OAuth, a grant that is not good.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        new(RefusalReason.InvalidRequest, ProblemCodes.InvalidRequest, BadRequest, "The request is not valid.", TokenExchange.InvalidRequest, BadRequest),
        new(RefusalReason.InvalidSession, ProblemCodes.InvalidSession, StatusCodes.Status401Unauthorized, "The Salesforce session is not valid.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.CanvasSignatureInvalid, ProblemCodes.CanvasSignatureInvalid, StatusCodes.Status401Unauthorized, "The Canvas signed request is not signed by this org's canvas app.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.CanvasNotConfigured, ProblemCodes.CanvasNotConfigured, StatusCodes.Status401Unauthorized, "Canvas sign-in is not configured for this org.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.OrgNotAllowed, ProblemCodes.OrgNotAllowed, StatusCodes.Status403Forbidden, "The Salesforce org is not trusted.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.UserInactive, ProblemCodes.UserInactive, StatusCodes.Status403Forbidden, "The user is inactive.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.EmailMissing, ProblemCodes.EmailMissing, StatusCodes.Status403Forbidden, "The Salesforce user has no email address.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.EmailUnverified, ProblemCodes.EmailUnverified, StatusCodes.Status403Forbidden, "The email address is not verified.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.UserTypeNotAllowed, ProblemCodes.UserTypeNotAllowed, StatusCodes.Status403Forbidden, "This kind of Salesforce user may not sign in.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.AmbiguousUser, ProblemCodes.AmbiguousUser, StatusCodes.Status409Conflict, "The user cannot be told apart from another.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.IdentityConflict, ProblemCodes.IdentityConflict, StatusCodes.Status409Conflict, "The Cognito user belongs to someone else.", TokenExchange.InvalidGrant, BadRequest),
        new(RefusalReason.RequestTooLarge, ProblemCodes.PayloadTooLarge, StatusCodes.Status413PayloadTooLarge, "The request body is too large.", TokenExchange.InvalidRequest, StatusCodes.Status413PayloadTooLarge),
        new(RefusalReason.RateLimited, ProblemCodes.RateLimited, StatusCodes.Status429TooManyRequests, "Too many requests.", TokenExchange.TemporarilyUnavailable, StatusCodes.Status429TooManyRequests, RetryAfter: true),
        new(RefusalReason.SalesforceUnavailable, ProblemCodes.SalesforceUnavailable, StatusCodes.Status502BadGateway, "Salesforce is unavailable.", TokenExchange.TemporarilyUnavailable, Unavailable),
        new(RefusalReason.DirectoryUnavailable, ProblemCodes.DirectoryUnavailable, Unavailable, "The user directory is unavailable.", TokenExchange.TemporarilyUnavailable, Unavailable),
        new(RefusalReason.ServerBusy, ProblemCodes.ServerBusy, Unavailable, "The service is busy.", TokenExchange.TemporarilyUnavailable, Unavailable, RetryAfter: true),
    ];

    private static readonly Dictionary<RefusalReason, Entry> ByReason = All.ToDictionary(entry => entry.Reason);

    public static Entry For(RefusalReason reason) =>
        ByReason.TryGetValue(reason, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown refusal reason.");

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
