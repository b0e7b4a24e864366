using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.RateLimiting;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>POST /v1/sessions/validate</c>, the same for every host: rate limit per client, JSON only, 8 KiB at most,
/// then the ValidateSession flow; every refusal a problem with a stable code. Never a 500 for bad input, and the
/// session never leaves this method except towards Salesforce.
/// </summary>
public sealed partial class SessionValidationEndpoint : IDisposable
{
    public const string Route = ValidatorRoutes.ValidateSession;
    public const int MaxBodyBytes = ValidatorRoutes.MaxBodyBytes;

    private readonly ISender mediator;
    private readonly ClientAddresses clients;
    private readonly ValidatorTelemetry telemetry;
    private readonly ILogger<SessionValidationEndpoint> logger;
    private readonly PartitionedRateLimiter<string> limiter;

    public SessionValidationEndpoint(
        ISender mediator,
        ClientAddresses clients,
        IOptions<RateLimitOptions> rateLimit,
        ValidatorTelemetry telemetry,
        ILogger<SessionValidationEndpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        this.mediator = mediator;
        this.clients = clients;
        this.telemetry = telemetry;
        this.logger = logger;
        var permits = rateLimit.Value.PermitPerMinute;
        limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = clients.Resolve(context);
        using var lease = limiter.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Refuse(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many validation requests from this client; retry later.");
        }

        if (!IsJson(context.Request.ContentType))
        {
            return Refuse(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "The body must be application/json.");
        }

        ValidateSessionBody? request;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = await ReadBodyAsync(context.Request, buffer, context.RequestAborted).ConfigureAwait(false);
            if (length > MaxBodyBytes)
            {
                return Refuse(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, $"The body must be at most {MaxBodyBytes} bytes.");
            }

            request = Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            // The body holds the session: wipe everything a read may have touched (even one cut short by an
            // aborted request) before the buffer goes back to the shared pool.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, MaxBodyBytes + 1));
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (request is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "The body must be a JSON object such as {\"sessionId\":\"00D…!…\"}.");
        }

        var result = await mediator.Send(new ValidateSession(new SalesforceSession(request.SessionId)), context.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Count(Problems.For(result.Failure.Reason).Code);
            return Problems.From(result.Failure);
        }

        Count("ok");
        return TypedResults.Json(
            new ValidateSessionResponse(result.Username, result.Email, result.Created), ValidatorJsonContext.Default.ValidateSessionResponse);
    }

    public void Dispose() => limiter.Dispose();

    private ProblemHttpResult Refuse(int status, string code, string detail)
    {
        Count(code);
        return Problems.Create(status, code, detail);
    }

    private void Count(string code)
    {
        telemetry.Count(code);
        LogOutcome(code);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static ValidateSessionBody? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ValidatorJsonContext.Default.ValidateSessionBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the body into <paramref name="buffer"/> but never past <see cref="MaxBodyBytes"/> + 1 bytes;
    /// a length over <see cref="MaxBodyBytes"/> means too large.</summary>
    private static async Task<int> ReadBodyAsync(HttpRequest request, byte[] buffer, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return MaxBodyBytes + 1;
        }

        var length = 0;
        try
        {
            int read;
            while (length <= MaxBodyBytes
                && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return MaxBodyBytes + 1;
        }

        return length;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session validation request answered {Code}")]
    private partial void LogOutcome(string code);
}
