using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

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
    private readonly CanvasRequests canvas;
    private readonly ITicketSigner? tickets;

    public SessionValidationEndpoint(
        ISender mediator,
        RequestLimits limits,
        ValidatorTelemetry telemetry,
        ValidatorCors cors,
        CanvasRequests canvas,
        ILogger<SessionValidationEndpoint> logger,
        ITicketSigner? tickets = null)
    {
        this.tickets = tickets;
        this.mediator = mediator;
        this.canvas = canvas;
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
            return Refuse(limited.Refusal, limited.Detail);
        }

        if (!IsJson(context.Request.ContentType))
        {
            return Refuse(Refusals.InvalidRequest, "The body must be application/json.");
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return RefuseTooLarge();
        }

        ValidateSessionBody? request;
        using (var body = await SecretBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false))
        {
            if (body.TooLarge)
            {
                return RefuseTooLarge();
            }

            request = Parse(body.Span);
        }

        if (request is null || (request.SessionId is not null && request.SignedRequest is not null))
        {
            return Refuse(Refusals.InvalidRequest, "The body must be a JSON object such as {\"sessionId\":\"00D…!…\"} or {\"signedRequest\":\"…\"}.");
        }

        var command = new ValidateSession(new SalesforceSession(request.SessionId));
        if (request.SignedRequest is not null)
        {
            var opened = canvas.Open(new CanvasSignedRequest(request.SignedRequest));
            if (!opened.Succeeded)
            {
                return Refuse(opened.Failure);
            }

            command = new ValidateSession(opened.Session, opened.UserId);
        }

        var result = await mediator.Send(command, context.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Refuse(result.Failure);
        }

        Count("ok");
        var ticket = tickets?.Sign(TicketClaims.For(command.Session, result));
        return TypedResults.Json(
            new ValidateSessionResponse(result.Username, result.Email, result.Created) { Ticket = ticket }, ValidatorJsonContext.Default.ValidateSessionResponse);
    }

    private ProblemHttpResult RefuseTooLarge() =>
        Refuse(Refusals.PayloadTooLarge, $"The body must be at most {MaxBodyBytes} bytes.");

    private ProblemHttpResult Refuse(Core.Failure failure) => Refuse(Refusals.For(failure.Reason), failure.Message);

    private ProblemHttpResult Refuse(Refusal refusal, string detail)
    {
        Count(refusal.Code);
        return Problems.Create(refusal, detail);
    }

    private void Count(string code)
    {
        telemetry.Count(ValidatorRoutes.ValidateSession, code);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Session validation request answered {Code}")]
    private partial void LogOutcome(string code);
}
