using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Flows;

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

    public SessionValidationEndpoint(
        ISender mediator,
        SessionRequestEdge edge,
        ValidatorTelemetry telemetry,
        ILogger<SessionValidationEndpoint> logger)
    {
        this.mediator = mediator;
        this.edge = edge;
        this.telemetry = telemetry;
        this.logger = logger;
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        using var admitted = await edge.AdmitAsync(context, SessionBodyEncoding.Json, Parse).ConfigureAwait(false);
        if (admitted.Refusal is { } stopped)
        {
            return Refuse(stopped);
        }

        if (SignInInputs.FromBody(admitted.Body) is not { } input)
        {
            return Refuse(Refusal.InvalidRequest("The body must be a JSON object such as {\"sessionId\":\"00D…!…\"}, {\"signedRequest\":\"…\"} or {\"accessToken\":\"eyJ…\"} (one of them)."));
        }

        var result = await mediator.Send(new ValidateSession(input), context.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Refuse(result.Refusal);
        }

        Count("ok");
        return TypedResults.Json(
            new ValidateSessionResponse(result.Username, result.Email, result.Created) { Ticket = result.Ticket }, ValidatorJsonContext.Default.ValidateSessionResponse);
    }

    private ProblemHttpResult Refuse(Refusal refusal)
    {
        Count(RefusalCodes.For(refusal.Reason).Code);
        return Problems.From(refusal);
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
            return JsonSerializer.Deserialize(json, ValidateSessionBodyJson.Default.ValidateSessionBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session validation request answered {Code}")]
    private partial void LogOutcome(string code);
}

/// <summary>
/// How the validate body is read: names exactly as the OpenAPI document spells them (<c>SessionId</c> is another,
/// unknown field) and each at most once — a body naming an input twice is refused, not read as either value. Other
/// fields are ignored, a client-supplied instance URL among them.
/// </summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false, AllowDuplicateProperties = false)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ValidateSessionBody))]
internal sealed partial class ValidateSessionBodyJson : System.Text.Json.Serialization.JsonSerializerContext;
