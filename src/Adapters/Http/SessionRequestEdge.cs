using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The one way into an endpoint that carries a session, in the order that keeps refusals readable and cheap: CORS
/// headers first (a browser reads a refusal only with them), then the per-client limits, the media type, the declared
/// and the actual size, and last the body, read as a secret. Each endpoint puts a refusal in its own format.
/// </summary>
public sealed class SessionRequestEdge(RequestLimits limits, ValidatorCors cors)
{
    private static readonly string TooLarge = $"The body must be at most {ValidatorRoutes.MaxBodyBytes} bytes.";

    /// <summary>Dispose the result when the request is answered: it holds the concurrency slot.</summary>
    public async Task<AdmittedRequest<T>> AdmitAsync<T>(HttpContext context, SessionBodyEncoding encoding, SessionBodyReader<T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        cors.Apply(context);
        var admission = await limits.AdmitAsync(context).ConfigureAwait(false);
        try
        {
            var refusal = admission.Refusal ?? Unacceptable(context.Request, encoding);
            if (refusal is not null)
            {
                return new AdmittedRequest<T>(admission, null, refusal);
            }

            using var body = await SecretBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            return body.TooLarge
                ? new AdmittedRequest<T>(admission, null, new Refusal(RefusalReason.RequestTooLarge, TooLarge))
                : new AdmittedRequest<T>(admission, read(body.Span), null);
        }
        catch
        {
            admission.Dispose();
            throw;
        }
    }

    private static Refusal? Unacceptable(HttpRequest request, SessionBodyEncoding encoding)
    {
        if (!Accepts(request.ContentType, encoding))
        {
            return Refusal.InvalidRequest(encoding == SessionBodyEncoding.Json
                ? "The body must be application/json."
                : "The body must be application/x-www-form-urlencoded.");
        }

        return request.ContentLength > ValidatorRoutes.MaxBodyBytes ? new Refusal(RefusalReason.RequestTooLarge, TooLarge) : null;
    }

    private static bool Accepts(string? contentType, SessionBodyEncoding encoding)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        return encoding == SessionBodyEncoding.Json
            ? mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
              || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            : mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }
}
