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

    public static string Verify(string? answer, string username = Samples.Username, bool userNotFound = false, string? ticket = null) =>
        Event("VerifyAuthChallengeResponse_Authentication", username, new JsonObject
        {
            ["userAttributes"] = Attributes(),
            ["privateChallengeParameters"] = new JsonObject { ["challenge"] = "SALESFORCE_SESSION" },
            ["challengeAnswer"] = answer,
            ["userNotFound"] = userNotFound,
            ["clientMetadata"] = ticket is null ? null : new JsonObject { ["ticket"] = ticket },
        });

    private static string Event(string triggerSource, string username, JsonObject request) => new JsonObject
    {
        ["version"] = "1",
        ["region"] = "eu-west-1",
        ["userPoolId"] = "eu-west-1_AbC123",
        ["userName"] = username,
        ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-js-3.0.0", ["clientId"] = "client" },
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
