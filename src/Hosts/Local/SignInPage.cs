using System.Net;
using Microsoft.Extensions.Options;
using SfCognitoSso.Emulators.Cognito;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// <c>GET /</c> on the validator's listener: a plain HTML page that signs a user in with the browser module
/// (<c>/sfsso.mjs</c>, the one in <c>clients/js</c>). Served with a content security policy that allows scripts from
/// here only and connections to the validator and the emulated pool.
/// </summary>
public static class SignInPage
{
    public static void MapSignInPage(this IEndpointRouteBuilder endpoints, LocalStackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        endpoints.MapGet("/", (IOptions<LocalCognitoOptions> pool) =>
        {
            var cognito = settings.CognitoUrl.GetLeftPart(UriPartial.Authority);
            var html = Resource("page/index.html")
                .Replace("{{UserPoolId}}", WebUtility.HtmlEncode(pool.Value.UserPoolId), StringComparison.Ordinal)
                .Replace("{{ClientId}}", WebUtility.HtmlEncode(pool.Value.ClientId), StringComparison.Ordinal)
                .Replace("{{CognitoUrl}}", WebUtility.HtmlEncode(cognito), StringComparison.Ordinal);
            return new PageResult(html, "text/html; charset=utf-8", cognito);
        }).ExcludeFromDescription();
        endpoints.MapGet("/sfsso.mjs", () => new PageResult(Resource("page/sfsso.mjs"), "text/javascript; charset=utf-8", null)).ExcludeFromDescription();
        endpoints.MapGet("/sign-in-page.mjs", () => new PageResult(Resource("page/sign-in-page.mjs"), "text/javascript; charset=utf-8", null)).ExcludeFromDescription();
    }

    private static string Resource(string name)
    {
        using var stream = typeof(SignInPage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class PageResult(string content, string contentType, string? cognitoOrigin) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentType = contentType;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            if (cognitoOrigin is not null)
            {
                headers.ContentSecurityPolicy =
                    $"default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' {cognitoOrigin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            }

            return httpContext.Response.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
