using System.Text.Json;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>The wire layer's reading and writing of AWS JSON 1.1 bodies: members as Cognito types them, users as
/// Cognito shows them. A malformed body is Cognito's <c>SerializationException</c>, never a 5xx.</summary>
internal static class EmulatorJson
{
    public static JsonObject Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) as JsonObject
                ?? throw new UserPoolException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new UserPoolException("SerializationException", "The request body is not valid JSON.");
        }
    }

    /// <summary>A string member; null or absent read as absent (identity-js sends <c>"DEVICE_KEY":null</c>).</summary>
    public static string? Text(JsonObject? json, string name) => json?[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new UserPoolException("SerializationException", $"{name} must be a string."),
    };

    public static string RequireUsername(JsonObject request) => Text(request, "Username") ?? throw UserPoolException.Missing("username");

    public static JsonObject UserJson(PoolUser user, string attributesName) => new()
    {
        ["Username"] = user.Username,
        [attributesName] = AttributeList(user),
        ["UserCreateDate"] = user.Created.ToUnixTimeMilliseconds() / 1000.0,
        ["UserLastModifiedDate"] = user.Modified.ToUnixTimeMilliseconds() / 1000.0,
        ["Enabled"] = user.Enabled,
        ["UserStatus"] = user.Status,
    };

    public static JsonArray AttributeList(PoolUser user) =>
        [.. user.Attributes.Select(attribute => (JsonNode)new JsonObject { ["Name"] = attribute.Key, ["Value"] = attribute.Value })];

    public static Dictionary<string, string> Attributes(JsonObject request)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request["UserAttributes"] is not JsonArray list)
        {
            return attributes;
        }

        foreach (var entry in list)
        {
            var name = Text(entry as JsonObject, "Name") ?? throw UserPoolException.Missing("userAttributes.member.name");
            attributes[name] = Text(entry as JsonObject, "Value") ?? string.Empty;
        }

        return attributes;
    }

    public static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
