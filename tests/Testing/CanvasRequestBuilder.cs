using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Testing;

/// <summary>
/// Canvas signed requests as Salesforce builds them (CanvasRequest: algorithm, issuedAt, userId, client.oauthToken,
/// client.instanceUrl, context.user, context.organization), signed with a consumer secret the way Salesforce signs:
/// base64(HMAC-SHA256(secret, base64(JSON))) "." base64(JSON).
/// </summary>
public static class CanvasRequestBuilder
{
    /// <summary>The sample org's canvas app consumer secret in the contract suites.</summary>
    public const string ConsumerSecret = "c0nsumer-secret-of-the-sample-canvas-app-0123456789abcdefABCDEF01";

    public static JsonObject Envelope(string instanceUrl, string session = Samples.Session, string orgId = Samples.OrgId18, string userId = Samples.UserId18) => new()
    {
        ["algorithm"] = "HMACSHA256",
        ["issuedAt"] = 1_764_000_000,
        ["userId"] = userId,
        ["client"] = new JsonObject
        {
            ["oauthToken"] = session,
            ["instanceUrl"] = instanceUrl,
            ["targetOrigin"] = instanceUrl,
            ["instanceId"] = "09HD00000000AUM",
            ["refreshToken"] = null,
        },
        ["context"] = new JsonObject
        {
            ["user"] = new JsonObject { ["userId"] = userId, ["userName"] = "support@backflipt.com.acme", ["email"] = Samples.Email, ["userType"] = "STANDARD" },
            ["organization"] = new JsonObject { ["organizationId"] = orgId, ["name"] = "Acme", ["currencyIsoCode"] = "USD" },
            ["application"] = new JsonObject { ["name"] = "SfCognitoSso", ["authType"] = "SIGNED_REQUEST", ["canvasUrl"] = "https://sso.example.com/canvas" },
        },
    };

    public static string Sign(JsonObject envelope, string secret = ConsumerSecret)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(encoded)));
        return signature + "." + encoded;
    }

    /// <summary>The same signed request with its envelope changed after signing (another user named).</summary>
    public static string Tampered(string signedRequest)
    {
        ArgumentNullException.ThrowIfNull(signedRequest);
        var dot = signedRequest.IndexOf('.', StringComparison.Ordinal);
        var envelope = JsonNode.Parse(Convert.FromBase64String(signedRequest[(dot + 1)..]))!.AsObject();
        envelope["context"]!["user"]!["userId"] = Samples.OtherUserId18;
        return signedRequest[..dot] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }
}
