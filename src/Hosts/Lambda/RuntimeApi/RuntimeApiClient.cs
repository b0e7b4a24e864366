using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SfCognitoSso.Hosts.Lambda.RuntimeApi;

/// <summary>One event handed out by <c>GET /runtime/invocation/next</c>.</summary>
public sealed record Invocation(string RequestId, byte[] Event, DateTimeOffset? Deadline, string? TraceId);

public enum PostOutcome
{
    Accepted,
    PayloadTooLarge,
    Rejected,

    /// <summary>500: the container is in a non-recoverable state; the runtime must exit promptly.</summary>
    Fatal,
}

/// <summary>The runtime's side of the Lambda Runtime API, version 2018-06-01
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).</summary>
public sealed class RuntimeApiClient(HttpClient http, string runtimeApi)
{
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    private readonly Uri root = new($"http://{runtimeApi}/2018-06-01/");

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(root, "runtime/invocation/next"), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"invocation/next answered {(int)response.StatusCode}");
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("invocation/next gave no Lambda-Runtime-Aws-Request-Id");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(requestId, body, deadline, Header(response, "Lambda-Runtime-Trace-Id"));
    }

    public async Task<PostOutcome> RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(
            new Uri(root, $"runtime/invocation/{Uri.EscapeDataString(requestId)}/response"), content, cancellationToken).ConfigureAwait(false);
        return Outcome(response.StatusCode);
    }

    public Task<PostOutcome> ReportErrorAsync(string requestId, string errorType, string message, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", errorType, message, cancellationToken);

    public Task<PostOutcome> ReportInitErrorAsync(string errorType, string message, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", errorType, message, cancellationToken);

    private async Task<PostOutcome> PostErrorAsync(string path, string errorType, string message, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", message);
            json.WriteString("errorType", errorType);
            json.WriteStartArray("stackTrace");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(root, path)) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Outcome(response.StatusCode);
    }

    private static PostOutcome Outcome(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => PostOutcome.Accepted,
        413 => PostOutcome.PayloadTooLarge,
        >= 500 => PostOutcome.Fatal,
        _ => PostOutcome.Rejected,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
