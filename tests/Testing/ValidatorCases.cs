using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The validator contract's tables of inputs (static, so outside the generic fact groups).</summary>
public static class ValidatorCases
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "malformed JSON", "application/json", "{\"sessionId\": " },
        { "empty body", "application/json", "" },
        { "JSON array", "application/json", "[\"" + Samples.Session + "\"]" },
        { "session as a number", "application/json", "{\"sessionId\": 42}" },
        { "no session", "application/json", "{\"session\": \"x\"}" },
        { "session without org prefix", "application/json", "{\"sessionId\": \"AQ4AQnotAsession\"}" },
        { "control character", "application/json", "{\"sessionId\": \"" + Samples.OrgId15 + "!AQ\\u0000x\"}" },
        { "wrong content type", "text/plain", "{\"sessionId\": \"" + Samples.Session + "\"}" },
        { "form content type", "application/x-www-form-urlencoded", "sessionId=" + Samples.Session },
    };

    public static TheoryData<string, int, string> RefusedCanvasRequests => new()
    {
        { "tampered", 401, "canvas_signature_invalid" },
        { "signed with another secret", 401, "canvas_signature_invalid" },
        { "another algorithm", 401, "canvas_signature_invalid" },
        { "unsigned", 400, "invalid_request" },
        { "not base64", 400, "invalid_request" },
        { "untrusted org", 403, "org_not_allowed" },
        { "trusted org without a canvas app", 401, "canvas_not_configured" },
        { "another instance", 403, "org_not_allowed" },
        { "a token of another org", 401, "invalid_session" },
    };
}
