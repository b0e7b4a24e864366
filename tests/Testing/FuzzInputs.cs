using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace SfCognitoSso.Testing;

/// <summary>
/// Generated hostile input for the trigger event parsers and the validator endpoint: JSON shaped like the real thing
/// with wrong types, nulls and huge strings in it, then bytes broken the ways wire data breaks (a BOM, duplicate keys,
/// truncation, invalid UTF-8, deep nesting).
/// </summary>
public static class FuzzInputs
{
    private static readonly string[] Keys =
    [
        "version", "region", "userPoolId", "userName", "callerContext", "triggerSource", "request", "response",
        "userAttributes", "session", "challengeName", "challengeResult", "challengeMetadata", "userNotFound",
        "challengeAnswer", "privateChallengeParameters", "publicChallengeParameters", "clientMetadata", "issueTokens",
        "failAuthentication", "answerCorrect", "email", "email_verified", "custom:sf_org_id", "custom:sf_user_id",
        "sessionId", "instanceUrl", "sub", "",
    ];

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (2, Gen.Const((JsonNode?)null)),
        (2, Gen.Bool.Select(flag => (JsonNode?)JsonValue.Create(flag))),
        (2, Gen.Long.Select(number => (JsonNode?)JsonValue.Create(number))),
        (1, Gen.Double.Select(number => double.IsFinite(number) ? (JsonNode?)JsonValue.Create(number) : null)),
        (3, Gen.String.Select(text => (JsonNode?)JsonValue.Create(text))),
        (3, Gen.OneOf("CUSTOM_CHALLENGE", "SRP_A", "PASSWORD_VERIFIER", "true", "false", "1", Samples.Session,
            Samples.UntrustedOrgSession, Samples.OrgId15 + "!", "00D6g000006wre4!\u0000", Samples.Username, Samples.OrgId18, Samples.UserId18)
            .Select(text => (JsonNode?)JsonValue.Create(text))),
        (1, Gen.Int[1, 200_000].Select(length => (JsonNode?)JsonValue.Create(new string('x', length)))));

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    public static Gen<JsonNode?> Value(int depth) => depth <= 0
        ? Leaf
        : Gen.Frequency(
            (4, Leaf),
            (1, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items]))),
            (3, Members(depth - 1).Select(json => (JsonNode?)json)));

    public static Gen<JsonObject> Members(int depth) =>
        Gen.Select(Gen.OneOf(Keys), Value(depth)).Array[0, 6].Select(members =>
        {
            var json = new JsonObject();
            foreach (var (key, value) in members)
            {
                json[key] = value?.DeepClone();
            }

            return json;
        });

    /// <summary>A trigger event with the real skeleton and random contents: the session list in particular.</summary>
    public static readonly Gen<JsonObject> TriggerEvent = Gen.Select(
        Gen.Select(Gen.OneOf("CUSTOM_CHALLENGE", "SRP_A", "PASSWORD_VERIFIER", ""), Gen.Bool, Gen.Bool)
            .Select(round => (JsonNode?)new JsonObject
            {
                ["challengeName"] = round.Item1,
                ["challengeResult"] = round.Item2,
                ["challengeMetadata"] = round.Item3 ? null : "meta",
            })
            .Array[0, 5],
        Gen.Bool,
        Members(2),
        Value(2),
        (rounds, userNotFound, extra, answer) =>
        {
            var request = new JsonObject
            {
                ["userAttributes"] = new JsonObject { ["email"] = Samples.Email, ["custom:sf_org_id"] = Samples.OrgId18 },
                ["session"] = new JsonArray([.. rounds]),
                ["userNotFound"] = userNotFound,
                ["challengeAnswer"] = answer,
            };
            foreach (var (key, value) in extra)
            {
                request[key] = value?.DeepClone();
            }

            return new JsonObject { ["version"] = "1", ["userName"] = Samples.Username, ["request"] = request, ["response"] = new JsonObject() };
        });

    /// <summary>JSON text broken the ways real wire data breaks.</summary>
    public static Gen<byte[]> Bytes(Gen<JsonNode?> json) => Gen.Select(json, Gen.Int[0, 7], Gen.Int[0, 1000], (node, damage, at) =>
    {
        var text = node?.ToJsonString() ?? "null";
        var bytes = Encoding.UTF8.GetBytes(text);
        return damage switch
        {
            0 => bytes,
            1 => [0xEF, 0xBB, 0xBF, .. bytes],
            2 => bytes[..Math.Min(bytes.Length, at % (bytes.Length + 1))],
            3 => [.. bytes[..Math.Min(bytes.Length, at % (bytes.Length + 1))], 0xC3, 0x28, .. bytes[Math.Min(bytes.Length, at % (bytes.Length + 1))..]],
            4 => Encoding.UTF8.GetBytes(text.StartsWith('{') ? "{\"request\":{\"session\":[]}," + text[1..] : text),
            5 => Encoding.UTF8.GetBytes(new string('[', 1000 + at) + new string(']', 1000 + at)),
            6 => Encoding.UTF8.GetBytes(text.StartsWith('{') ? "{\"response\":1,\"response\":{}," + text[1..] : text),
            _ => [.. bytes, .. bytes],
        };
    });
}
