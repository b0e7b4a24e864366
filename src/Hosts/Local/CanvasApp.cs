using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Flows;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// <c>POST /canvas</c> on the validator's listener: a canvas app as Salesforce calls one (a form with
/// <c>signed_request</c>), signing the user in server-side through the token exchange's flow and showing the ID token's claims. The signed request and the
/// tokens never reach the page or a log; only the claims do.
/// </summary>
public static class CanvasApp
{
    public const string Path = "/canvas";

    public static void MapCanvasApp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).ExcludeFromDescription().DisableAntiforgery();

    /// <summary>The validator's own way in: the same edge as its endpoints (limits, media type, size, the body read as
    /// a secret), the same input recognition and the same flow; only the answer is a page.</summary>
    private static async Task<IResult> HandleAsync(HttpContext context, SessionRequestEdge edge, ISender mediator, LocalStackSettings settings)
    {
        using var admitted = await edge.AdmitAsync(context, SessionBodyEncoding.Form, ReadForm).ConfigureAwait(false);
        if (admitted.Refusal is { } stopped)
        {
            return Page(settings, RefusalCodes.For(stopped.Reason).Code, claims: null);
        }

        var signedRequest = admitted.Body!.TryGetValue("signed_request", out var values) && values.Count == 1 ? values[0] : null;
        var exchanged = await mediator.Send(new ExchangeSession(SignInInputs.FromCanvasForm(signedRequest)), context.RequestAborted).ConfigureAwait(false);
        return exchanged.Succeeded
            ? Page(settings, error: null, Claims(exchanged.Tokens.IdToken))
            : Page(settings, RefusalCodes.For(exchanged.Refusal.Reason).Code, claims: null);
    }

    private static Dictionary<string, StringValues> ReadForm(ReadOnlySpan<byte> body) => QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));

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
