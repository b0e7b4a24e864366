using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Ssm;

/// <summary>
/// Resolves settings whose value is <c>ssm:&lt;parameter name&gt;</c> (e.g. <c>Cache__Redis=ssm:/sfcognitosso/cache-redis</c>)
/// with one signed <c>GetParameters</c> call per ten names, <c>WithDecryption</c>, in the region of <c>AWS_REGION</c>
/// (endpoint override <c>Ssm__ServiceUrl</c>, for tests). The secret then lives in SSM, encrypted with KMS and readable
/// only by the role granted <c>ssm:GetParameters</c> on it, never in the function's configuration. Any parameter that
/// cannot be read stops start-up with one line naming the setting and the parameter, never a value.
/// </summary>
public static class SsmParameterReferences
{
    public const string Prefix = "ssm:";

    private const int NamesPerCall = 10;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    /// <summary>The resolved values by setting key (<c>Section:Key</c>), to add over the configuration; empty when
    /// nothing refers to SSM (and then no call and no credentials are needed).</summary>
    /// <param name="defaultRegion">The region when <c>AWS_REGION</c> is not set (a host off AWS: its Cognito pool's).</param>
    public static async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(
        IConfiguration configuration, HttpMessageHandler? transport = null, AWSCredentials? credentials = null, string? defaultRegion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var references = configuration.AsEnumerable()
            .Where(setting => setting.Value?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            .ToDictionary(setting => setting.Key, setting => setting.Value![Prefix.Length..], StringComparer.OrdinalIgnoreCase);
        if (references.Count == 0)
        {
            return new Dictionary<string, string?>();
        }

        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? defaultRegion
            ?? throw Refused($"{Describe(references.Keys.First())} refers to SSM, but AWS_REGION is not set.");
        var endpoint = configuration["Ssm:ServiceUrl"] is { Length: > 0 } serviceUrl ? new Uri(serviceUrl) : new Uri($"https://ssm.{region}.amazonaws.com/");
        using var http = new HttpClient(new SigV4SigningHandler(
            credentials ?? CredentialsOf(configuration, references.Keys.First()), RegionEndpoint.GetBySystemName(region), "ssm",
            transport ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) }))
        {
            Timeout = Budget,
        };

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var names in references.Values.Distinct(StringComparer.Ordinal).Chunk(NamesPerCall))
        {
            var answer = await GetParametersAsync(http, endpoint, names, references, cancellationToken).ConfigureAwait(false);
            foreach (var parameter in answer.Parameters ?? [])
            {
                if (parameter.Name is not null && parameter.Value is not null)
                {
                    values[parameter.Name] = parameter.Value;
                }
            }
        }

        return references.ToDictionary(
            reference => reference.Key,
            reference => values.TryGetValue(reference.Value, out var value)
                ? value
                : throw Refused($"{Describe(reference.Key)} refers to SSM parameter {reference.Value}, which does not exist or cannot be read."),
            StringComparer.OrdinalIgnoreCase) as IReadOnlyDictionary<string, string?>;
    }

    private static async Task<GetParametersResponse> GetParametersAsync(
        HttpClient http, Uri endpoint, string[] names, Dictionary<string, string> references, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new GetParametersRequest { Names = names, WithDecryption = true }, SsmJsonContext.Default.GetParametersRequest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM.GetParameters");
        var setting = Describe(references.First(reference => reference.Value == names[0]).Key);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var type = TryError(body);
                throw Refused($"{setting} refers to SSM, which refused GetParameters: {type} (HTTP {(int)response.StatusCode}). Grant the function's role ssm:GetParameters and kms:Decrypt on the parameter.");
            }

            return JsonSerializer.Deserialize(body, SsmJsonContext.Default.GetParametersResponse) ?? new GetParametersResponse();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            throw Refused($"{setting} refers to SSM, which could not be reached within {Budget.TotalSeconds:0} s ({exception.GetType().Name}).");
        }
    }

    private static string TryError(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, SsmJsonContext.Default.SsmError)?.Type?.Split('#')[^1] ?? "an error";
        }
        catch (JsonException)
        {
            return "an error";
        }
    }

    /// <summary>The function's role credentials, which Lambda puts in the environment (and so the configuration).</summary>
    private static AWSCredentials CredentialsOf(IConfiguration configuration, string setting) =>
        (configuration["AWS_ACCESS_KEY_ID"], configuration["AWS_SECRET_ACCESS_KEY"], configuration["AWS_SESSION_TOKEN"]) switch
        {
            ({ Length: > 0 } key, { Length: > 0 } secret, { Length: > 0 } token) => new SessionAWSCredentials(key, secret, token),
            ({ Length: > 0 } key, { Length: > 0 } secret, _) => new BasicAWSCredentials(key, secret),
            _ => throw Refused($"{Describe(setting)} refers to SSM, but no AWS credentials are in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)."),
        };

    /// <summary>A setting that refers to SSM could not be resolved: a settings error like any other, one line naming
    /// the setting, never a value.</summary>
    private static OptionsValidationException Refused(string message) =>
        new("Ssm", typeof(SsmParameterReferences), [message]);

    /// <summary>A setting as it is written in the environment.</summary>
    private static string Describe(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}

internal sealed class GetParametersRequest
{
    public string[] Names { get; set; } = [];

    public bool WithDecryption { get; set; }
}

internal sealed class GetParametersResponse
{
    public List<SsmParameter>? Parameters { get; set; }

    public List<string>? InvalidParameters { get; set; }
}

internal sealed class SsmParameter
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class SsmError
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(GetParametersRequest))]
[JsonSerializable(typeof(GetParametersResponse))]
[JsonSerializable(typeof(SsmError))]
internal sealed partial class SsmJsonContext : JsonSerializerContext;
