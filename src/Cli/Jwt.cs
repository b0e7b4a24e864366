using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SfCognitoSso.Cli;

/// <summary>Reading a JWT's parts for display (verification is <see cref="DecodeCommand"/>'s, with a JWKS).</summary>
public static class Jwt
{
    public static JsonObject Header(string jwt) => Part(jwt, 0);

    public static JsonObject Claims(string jwt) => Part(jwt, 1);

    /// <summary>" (at 2026-11-26 11:00:00 +01:00, local time)" from <c>exp</c>, or empty.</summary>
    public static string Expiry(JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return claims["exp"] is JsonValue value && value.TryGetValue<long>(out var exp)
            ? $" (at {DateTimeOffset.FromUnixTimeSeconds(exp).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}, local time)"
            : string.Empty;
    }

    private static JsonObject Part(string jwt, int index)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("Not a JWT: it needs three dot-separated parts.");
        }

        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[index]))) as JsonObject
                ?? throw new FormatException("Not a JWT: a part is not a JSON object.");
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            throw new FormatException("Not a JWT: a part is not base64url-encoded JSON.", exception);
        }
    }
}
