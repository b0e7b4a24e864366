using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The one way into an endpoint that carries a session, in the order that keeps refusals readable and cheap: CORS
/// headers first (a browser reads a refusal only with them), then the body — read as a secret within
/// <see cref="BodyDeadline"/>, before any limit is charged, so a client sending slowly never holds one of the
/// deployment's slots for work in progress — then the per-client limits and the slot, the media type, the declared and
/// the actual size. Each endpoint puts a refusal in its own format.
/// </summary>
public sealed class SessionRequestEdge(RequestLimits limits, ValidatorCors cors, TimeProvider time)
{
    /// <summary>How long a body of at most 8 KiB may take to arrive (a real one is ~100 bytes).</summary>
    public static readonly TimeSpan BodyDeadline = TimeSpan.FromSeconds(5);

    private static readonly string TooLarge = $"The body must be at most {ValidatorRoutes.MaxBodyBytes} bytes.";

    private static readonly Refusal TooSlow = Refusal.InvalidRequest($"The body did not arrive within {BodyDeadline.TotalSeconds} s.");

    /// <summary>Dispose the result when the request is answered: it holds the concurrency slot.</summary>
    public async Task<AdmittedRequest<T>> AdmitAsync<T>(HttpContext context, SessionBodyEncoding encoding, SessionBodyReader<T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        cors.Apply(context);
        var unacceptable = Unacceptable(context.Request, encoding);
        SecretBody? body = null;
        var slow = false;
        try
        {
            if (unacceptable is null)
            {
                using var deadline = new CancellationTokenSource(BodyDeadline, time);
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
                try
                {
                    body = await SecretBody.ReadAsync(context.Request, reading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
                {
                    slow = true;
                }
            }

            var admission = await limits.AdmitAsync(context).ConfigureAwait(false);
            var refusal = admission.Refusal ?? unacceptable ?? (slow ? TooSlow : null)
                ?? (body!.TooLarge ? new Refusal(RefusalReason.RequestTooLarge, TooLarge) : null);
            try
            {
                return refusal is not null
                    ? new AdmittedRequest<T>(admission, null, refusal)
                    : new AdmittedRequest<T>(admission, read(body!.Span), null);
            }
            catch
            {
                admission.Dispose();
                throw;
            }
        }
        finally
        {
            body?.Dispose();
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
