using System.Text.Json.Nodes;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>Trigger events as Cognito sends them for a custom-auth sign-in.</summary>
internal static class Events
{
    public static string Define(bool userNotFound, params (string Name, bool Result)[] session) =>
        Event("DefineAuthChallenge_Authentication", Samples.Username, new JsonObject
        {
            ["userAttributes"] = Attributes(),
            ["session"] = Session(session),
            ["userNotFound"] = userNotFound,
        });

    public static string Create(int previousAnswers) =>
        Event("CreateAuthChallenge_Authentication", Samples.Username, new JsonObject
        {
            ["userAttributes"] = Attributes(),
            ["challengeName"] = "CUSTOM_CHALLENGE",
            ["session"] = Session([.. Enumerable.Repeat(("CUSTOM_CHALLENGE", false), previousAnswers)]),
        });

    /// <param name="signedOutAt">The user's sign-out mark (<c>custom:sf_signout_at</c>, Unix seconds), when signed out.</param>
    public static string Verify(string? answer, string username = Samples.Username, bool userNotFound = false, string? ticket = null, DateTimeOffset? signedOutAt = null, string clientId = ClientId) =>
        Event("VerifyAuthChallengeResponse_Authentication", username, new JsonObject
        {
            ["userAttributes"] = signedOutAt is { } mark ? WithMark(Attributes(), mark) : Attributes(),
            ["privateChallengeParameters"] = new JsonObject { ["challenge"] = "SALESFORCE_SESSION" },
            ["challengeAnswer"] = answer,
            ["userNotFound"] = userNotFound,
            ["clientMetadata"] = ticket is null ? null : new JsonObject { ["ticket"] = ticket },
        }, clientId);

    /// <summary>The pool and app client of every event here.</summary>
    public const string UserPoolId = "eu-west-1_AbC123";

    public const string ClientId = "client";

    private static JsonObject WithMark(JsonObject attributes, DateTimeOffset signedOutAt)
    {
        attributes["custom:sf_signout_at"] = signedOutAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return attributes;
    }

    private static string Event(string triggerSource, string username, JsonObject request, string clientId = ClientId) => new JsonObject
    {
        ["version"] = "1",
        ["region"] = "eu-west-1",
        ["userPoolId"] = UserPoolId,
        ["userName"] = username,
        ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-js-3.0.0", ["clientId"] = clientId },
        ["triggerSource"] = triggerSource,
        ["request"] = request,
        ["response"] = new JsonObject(),
    }.ToJsonString();

    private static JsonObject Attributes() => new()
    {
        ["sub"] = "4A709A36-7D63-4785-829D-4198EF10EBDA",
        ["email"] = Samples.Email,
        ["custom:sf_org_id"] = Samples.OrgId18,
        ["custom:sf_user_id"] = Samples.UserId18,
    };

    private static JsonArray Session((string Name, bool Result)[] entries) =>
        [.. entries.Select(entry => (JsonNode)new JsonObject
        {
            ["challengeName"] = entry.Name,
            ["challengeResult"] = entry.Result,
            ["challengeMetadata"] = "SALESFORCE_SESSION",
        })];
}
