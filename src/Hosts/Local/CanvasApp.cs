using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.IdentityModel.JsonWebTokens;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// <c>POST /canvas</c> on the validator's listener: a canvas app as Salesforce calls one (a form with
/// <c>signed_request</c>), signing the user in server-side with the validator's own flows (the signed request opened,
/// the session proved, the token exchange's issuer) and showing the ID token's claims. The signed request and the
/// tokens never reach the page or a log; only the claims do.
/// </summary>
public static class CanvasApp
{
    public const string Path = "/canvas";

    /// <summary>A signed request is at most 8 KiB; form encoding grows it by up to a third.</summary>
    private const int MaxFormBytes = 12 * 1024;

    public static void MapCanvasApp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).ExcludeFromDescription().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext context, CanvasRequests canvas, ISender mediator, RequestLimits limits, LocalStackSettings settings)
    {
        using var admission = await limits.AdmitAsync(context).ConfigureAwait(false);
        if (admission.Refusal is { } limited)
        {
            return Page(settings, limited.Refusal.Code, claims: null);
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormBytes)
        {
            return Page(settings, ProblemCodes.InvalidRequest, claims: null);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var opened = canvas.Open(new CanvasSignedRequest(form["signed_request"].Count == 1 ? form["signed_request"][0] : null));
        if (!opened.Succeeded)
        {
            return Page(settings, Refusals.For(opened.Failure.Reason).Code, claims: null);
        }

        var exchanged = await mediator.Send(new ExchangeSession(opened.Session, opened.UserId), context.RequestAborted).ConfigureAwait(false);
        return exchanged.Succeeded
            ? Page(settings, error: null, Claims(exchanged.Tokens.IdToken))
            : Page(settings, Refusals.For(exchanged.Failure.Reason).Code, claims: null);
    }

    private static string Claims(string idToken)
    {
        var token = new JsonWebToken(idToken);
        var claims = token.Claims.GroupBy(claim => claim.Type).ToDictionary(group => group.Key, group => group.First().Value);
        return JsonSerializer.Serialize(claims, CanvasJsonContext.Default.DictionaryStringString);
    }

    private static HtmlResult Page(LocalStackSettings settings, string? error, string? claims)
    {
        var body = error is null
            ? $"<h1>Signed in from Salesforce</h1><p>The ID token's claims:</p><pre data-testid=\"claims\" style=\"white-space: pre-wrap\">{WebUtility.HtmlEncode(claims)}</pre>"
            : $"<h1>Not signed in</h1><p data-testid=\"error\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SfCognitoSso canvas app</title></head>
            <body>{body}</body></html>
            """;
        // Framed by Salesforce (here its stand-in), and nothing else: no scripts, no connections.
        var salesforce = settings.SalesforceUrl.GetLeftPart(UriPartial.Authority);
        return new HtmlResult(html, $"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self' {salesforce}");
    }

    private sealed class HtmlResult(string html, string contentSecurityPolicy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentType = "text/html; charset=utf-8";
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CanvasJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
