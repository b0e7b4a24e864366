namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The validator's OpenAPI document as Microsoft.AspNetCore.OpenApi generates it for the Kestrel host (without its
/// <c>servers</c>), kept as a file so hosts that have no minimal-API endpoints (Azure Functions) serve the very same
/// document. A test regenerates it from the Kestrel host and fails if the two drift apart.
/// </summary>
public static class ValidatorOpenApi
{
    public const string ResourceName = "SfCognitoSso.Adapters.Http.openapi-v1.json";

    public static string Document { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ValidatorOpenApi).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
