using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Hosts.Functions;

/// <summary>
/// The validator's HTTP triggers. <c>host.json</c> empties the route prefix, so the paths are the Kestrel host's:
/// <c>POST /v1/sessions/validate</c>, <c>GET /healthz</c>, <c>GET /openapi/v1.json</c>. All behaviour is the shared
/// endpoint's; these methods only bind routes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The Functions worker binds triggers on instances of this class.")]
public sealed class ValidatorFunctions(SessionValidationEndpoint endpoint, TokenExchangeEndpoint exchange, ValidatorCors cors, ValidatorHealth health)
{
    /// <summary>RFC 8693 token exchange; answers 404 while <c>Exchange__ClientId</c> is unset.</summary>
    [Function("TokenExchange")]
    public Task<IResult> TokenExchange(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "oauth2/token")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return exchange.HandleAsync(request.HttpContext);
    }

    /// <summary>The token exchange's CORS preflight; the same 404 as a POST while the exchange is off.</summary>
    [Function("TokenExchangePreflight")]
    public IResult TokenExchangePreflight(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "oauth2/token")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return exchange.Preflight(request.HttpContext);
    }

    [Function("ValidateSession")]
    public Task<IResult> ValidateSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/sessions/validate")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return endpoint.HandleAsync(request.HttpContext);
    }

    /// <summary>The CORS preflight (<c>Cors__AllowedOrigins__N</c>); leave the Function App's platform CORS unset, or
    /// it answers first.</summary>
    [Function("ValidateSessionPreflight")]
    public IResult ValidateSessionPreflight(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "v1/sessions/validate")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cors.Preflight(request.HttpContext);
    }

    [Function("Health")]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) => health.Answer();

    [Function("OpenApi")]
    public IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        TypedResults.Text(ValidatorOpenApi.Document, "application/json; charset=utf-8");
}
