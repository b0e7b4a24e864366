using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Asks the session's own org who it belongs to. Everything Salesforce sends back is untrusted: the body is capped,
/// parsed into fixed types, and reduced to an identity or a failure; none of its text reaches a client or a log.
/// </summary>
public sealed partial class SalesforceSessionValidator(
    IHttpClientFactory httpClients,
    SalesforceInstances instances,
    IOptions<SalesforceOptions> options,
    SalesforceTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<SalesforceSessionValidator> logger) : ISessionValidator
{
    public const string HttpClientName = "SfCognitoSso.Salesforce";

    /// <summary>Largest Salesforce answer read; a user body is a few KiB.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>Whole-validation budget, body included, inside Cognito's 5 s trigger limit.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly SalesforceEndpoint endpoint = options.Value.Endpoint;

    /// <summary>Every answer here is Salesforce's own, made now: no older proof to refuse.</summary>
    public ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken) =>
        ValidateAsync(session, org, cancellationToken);

    public async ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        var orgId = org.OrgId;
        var url = instances.IdentityUrl(org);

        using var activity = SalesforceTelemetry.ActivitySource.StartActivity("salesforce.validate_session", ActivityKind.Internal);
        activity?.SetTag("sf.org_id", orgId.Value);
        var started = timeProvider.GetTimestamp();
        int? status = null;
        SessionValidation result;
        string outcome;
        try
        {
            // The whole budget, body included, is the resilience pipeline's total timeout: with ResponseContentRead
            // the body is read inside SendAsync, so no second timer is needed here.
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Reveal());
            request.Headers.Accept.Add(Json);

            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            (result, outcome) = Interpret(response.StatusCode, body, orgId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Timeouts, refused connections, broken circuits, oversized bodies: all mean "unavailable".
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFault(orgId.Value, exception.GetType().Name);
            (result, outcome) = (SessionValidation.Refused(Refusal.SalesforceUnavailable), Outcomes.Unavailable);
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        telemetry.Record(orgId.Value, outcome, elapsed);
        activity?.SetTag("outcome", outcome);
        LogValidation(orgId.Value, outcome, status, (long)elapsed.TotalMilliseconds);
        return result;
    }

    private (SessionValidation Result, string Outcome) Interpret(HttpStatusCode status, byte[] body, SalesforceId orgId)
    {
        switch ((int)status)
        {
            case 200:
                return endpoint == SalesforceEndpoint.UserInfo ? FromUserInfo(body) : FromChatterUser(body, orgId);
            case 401:
                // INVALID_SESSION_ID, "not valid for use with the REST API", expired or revoked: all the same to us.
                return (SessionValidation.Refused(Refusal.InvalidSession), Outcomes.InvalidSession);
            case 403 when IsRequestLimit(body):
                return (SessionValidation.Refused(Refusal.SalesforceUnavailable), Outcomes.RateLimited);
            case 403:
                // Bad_OAuth_Token (plain text on userinfo), or a session without API access.
                return (SessionValidation.Refused(Refusal.InvalidSession), Outcomes.InvalidSession);
            default:
                // 5xx, REQUEST_LIMIT_EXCEEDED on 503, and redirects (never followed: the instance URL is wrong).
                return (SessionValidation.Refused(Refusal.SalesforceUnavailable),
                    IsRequestLimit(body) ? Outcomes.RateLimited : Outcomes.Unavailable);
        }
    }

    private static (SessionValidation, string) FromChatterUser(byte[] body, SalesforceId orgId)
    {
        var user = Parse(body, SalesforceJsonContext.Default.ChatterUserBody);
        if (user?.IsActive is not { } active || !SalesforceId.TryParseUser(user.Id, out var userId))
        {
            return Unusable;
        }

        // users/me does not say whether the email was verified, so we do not claim it was.
        return Identified(new SalesforceIdentity(orgId, userId, Normalize(user.Email), EmailVerified: false, active, user.UserType));
    }

    private static (SessionValidation, string) FromUserInfo(byte[] body)
    {
        var info = Parse(body, SalesforceJsonContext.Default.UserInfoBody);
        if (info?.Active is not { } active
            || !SalesforceId.TryParseUser(info.UserId, out var userId)
            || !SalesforceId.TryParseOrg(info.OrganizationId, out var reportedOrg))
        {
            return Unusable;
        }

        // The org Salesforce reports, not the one asked about: Core refuses an answer for another org.
        return Identified(new SalesforceIdentity(
            reportedOrg, userId, Normalize(info.Email), info.EmailVerified ?? false, active, info.UserType));
    }

    private static (SessionValidation, string) Identified(SalesforceIdentity identity) =>
        (SessionValidation.Valid(identity), identity switch
        {
            { IsActive: false } => Outcomes.Inactive,
            { Email: null } => Outcomes.EmailMissing,
            _ => Outcomes.Valid,
        });

    private static (SessionValidation, string) Unusable =>
        (SessionValidation.Refused(Refusal.SalesforceUnavailable), Outcomes.Unusable);

    private static T? Parse<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Normalize(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim();

    /// <summary>Salesforce's API request limit error, which it sends on 403 or 503.</summary>
    private static bool IsRequestLimit(byte[] body) => body.AsSpan().IndexOf("REQUEST_LIMIT_EXCEEDED"u8) >= 0;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Salesforce validation for org {OrgId}: {Outcome} (HTTP {Status}) in {ElapsedMs} ms")]
    private partial void LogValidation(string orgId, string outcome, int? status, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce call for org {OrgId} failed: {ExceptionType}")]
    private partial void LogFault(string orgId, string exceptionType);

    /// <summary>Outcome tags of logs and metrics.</summary>
    internal static class Outcomes
    {
        public const string Valid = "valid";
        public const string Inactive = "inactive";
        public const string EmailMissing = "email_missing";
        public const string InvalidSession = "invalid_session";
        public const string RateLimited = "rate_limited";
        public const string Unusable = "unusable_answer";
        public const string Unavailable = "unavailable";
    }
}
