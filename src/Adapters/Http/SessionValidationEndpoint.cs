using System.Buffers;
using System.Globalization;
using System.Net;
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
public sealed partial class SessionValidationEndpoint
{
    public const string Route = ValidatorRoutes.ValidateSession;
    public const int MaxBodyBytes = ValidatorRoutes.MaxBodyBytes;

    private readonly ISender mediator;
    private readonly RequestLimits limits;
    private readonly ValidatorTelemetry telemetry;
    private readonly ILogger<SessionValidationEndpoint> logger;
    private readonly ValidatorCors cors;

    public SessionValidationEndpoint(
        ISender mediator,
        RequestLimits limits,
        ValidatorTelemetry telemetry,
        ValidatorCors cors,
        ILogger<SessionValidationEndpoint> logger)
    {
        this.mediator = mediator;
        this.limits = limits;
        this.telemetry = telemetry;
        this.cors = cors;
        this.logger = logger;
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Before anything can refuse: a browser reads a refusal's code only with the CORS headers on it.
        cors.Apply(context);
        using var admission = limits.Admit(context);
        if (admission.Refusal is { } limited)
        {
            return Refuse(limited.Status, limited.Code, limited.Detail);
        }

        if (!IsJson(context.Request.ContentType))
        {
            return Refuse(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "The body must be application/json.");
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return RefuseTooLarge();
        }

        // A declared length sizes the buffer (a real body is ~100 bytes), so only that much is read, parsed and
        // wiped; one byte more than allowed tells "too large" from "exactly the limit" when no length is declared.
        var window = (int)(context.Request.ContentLength ?? MaxBodyBytes) + 1;
        ValidateSessionBody? request;
        var buffer = ArrayPool<byte>.Shared.Rent(window);
        try
        {
            var length = await ReadBodyAsync(context.Request, buffer.AsMemory(0, window), context.RequestAborted).ConfigureAwait(false);
            if (length > MaxBodyBytes)
            {
                return RefuseTooLarge();
            }

            request = Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            // The body holds the session: wipe everything a read may have touched (even one cut short by an
            // aborted request) before the buffer goes back to the shared pool.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, window));
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

    private ProblemHttpResult RefuseTooLarge() =>
        Refuse(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, $"The body must be at most {MaxBodyBytes} bytes.");

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

    /// <summary>Reads the body into <paramref name="window"/> until it is full or the body ends; a full window of
    /// <see cref="MaxBodyBytes"/> + 1 bytes means too large.</summary>
    private static async Task<int> ReadBodyAsync(HttpRequest request, Memory<byte> window, CancellationToken cancellationToken)
    {
        var length = 0;
        try
        {
            int read;
            while (length < window.Length
                && (read = await request.Body.ReadAsync(window[length..], cancellationToken).ConfigureAwait(false)) > 0)
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
