using System.Net;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Testing;

/// <summary>One request to a validator host, as a client (or a proxy in front of it) would send it.</summary>
public sealed record ValidatorRequest(
    string Method,
    string Path,
    string? ContentType = null,
    byte[]? Body = null,
    IPAddress? RemoteAddress = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool DeclareLength = true)
{
    public static ValidatorRequest Validate(string json, string contentType = "application/json", IPAddress? from = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new("POST", "/v1/sessions/validate", contentType, System.Text.Encoding.UTF8.GetBytes(json), from, headers);

    public static ValidatorRequest ValidateSession(string sessionId, IPAddress? from = null) =>
        Validate(new JsonObject { ["sessionId"] = sessionId }.ToJsonString(), from: from);
}

public sealed record ValidatorResponse(int Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public string? Code => Json?["code"]?.GetValue<string>();
}

/// <summary>A running validator host (Kestrel under WebApplicationFactory, or the Azure Functions class).</summary>
public interface IValidatorHost : IDisposable
{
    Task<ValidatorResponse> SendAsync(ValidatorRequest request);

    /// <summary>Every log line the host wrote, message and named values.</summary>
    IReadOnlyList<string> Logs { get; }
}
