using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// CORS for <c>POST /v1/sessions/validate</c>, the same on every host: an allowed origin gets its own origin back
/// (never <c>*</c>), the preflight allows POST with <c>Content-Type</c>; any other origin gets no CORS header. No
/// credentials mode: the session travels in the body, not in a cookie.
/// </summary>
public sealed class ValidatorCors(IOptions<CorsOptions> options)
{
    private readonly HashSet<string> allowed = new(
        options.Value.AllowedOrigins.Select(origin => TryNormalize(origin, out var normal) ? normal : string.Empty).Where(origin => origin.Length > 0),
        StringComparer.Ordinal);

    /// <summary>Adds the headers for an allowed origin to the actual request's response; true when it did.</summary>
    public bool Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (allowed.Count == 0)
        {
            return false;
        }

        context.Response.Headers.Vary = "Origin";
        if (!IsAllowed(context.Request.Headers.Origin.ToString()))
        {
            return false;
        }

        context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin.ToString();
        context.Response.Headers.AccessControlExposeHeaders = "Retry-After";
        return true;
    }

    /// <summary><c>OPTIONS</c> on the route: 204, with the allow headers only for an allowed origin asking for POST.</summary>
    public IResult Preflight(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Apply(context) && context.Request.Headers.AccessControlRequestMethod == HttpMethods.Post)
        {
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            context.Response.Headers.AccessControlMaxAge = "600";
        }

        return TypedResults.NoContent();
    }

    private bool IsAllowed(string origin) => origin.Length > 0 && TryNormalize(origin, out var normal) && allowed.Contains(normal);

    /// <summary>An origin as browsers send it: lower-case scheme and host, the port only when not the default.</summary>
    internal static bool TryNormalize(string? text, out string origin)
    {
        origin = string.Empty;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || (text!.TrimEnd('/').Length != uri.GetLeftPart(UriPartial.Authority).Length))
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        return true;
    }
}
