using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>POST /v1/sessions/validate</c>, the same for every host: the session edge (limits, JSON only, 8 KiB at most),
/// then the ValidateSession flow; every refusal a problem with a stable code. Never a 500 for bad input, and the
/// session never leaves this method except towards Salesforce.
/// </summary>
public sealed partial class SessionValidationEndpoint
{
    private readonly ISender mediator;
    private readonly SessionRequestEdge edge;
    private readonly ValidatorTelemetry telemetry;
    private readonly ILogger<SessionValidationEndpoint> logger;
    private readonly CanvasRequests canvas;
    private readonly ITicketSigner? tickets;

    public SessionValidationEndpoint(
        ISender mediator,
        SessionRequestEdge edge,
        ValidatorTelemetry telemetry,
        CanvasRequests canvas,
        ILogger<SessionValidationEndpoint> logger,
        ITicketSigner? tickets = null)
    {
        this.tickets = tickets;
        this.mediator = mediator;
        this.canvas = canvas;
        this.edge = edge;
        this.telemetry = telemetry;
        this.logger = logger;
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        using var admitted = await edge.AdmitAsync(context, SessionBodyEncoding.Json, Parse).ConfigureAwait(false);
        if (admitted.Refusal is { } stopped)
        {
            return Refuse(stopped.Refusal, stopped.Detail);
        }

        if (admitted.Body is not { } request || (request.SessionId is not null && request.SignedRequest is not null))
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
