using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// The sweep on the whole local stack, on a clock the test moves: a user deactivated with no event published, and a
/// frozen user (no event says so), each lose their Cognito sign-in within one sweep — the refresh token is refused as
/// Cognito refuses a revoked one.
/// </summary>
public sealed class SweepOnTheStackTests(SweepingStack stack) : IClassFixture<SweepingStack>
{
    private async Task<(int Status, JsonObject Body)> RefreshAsync(string refreshToken) => await stack.CognitoAsync("InitiateAuth", new JsonObject
    {
        ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
        ["ClientId"] = "sfssolocal",
        ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = refreshToken },
    });

    private HttpClient Salesforce()
    {
        var client = new HttpClient { BaseAddress = new Uri(stack.SalesforceUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", DemoUser.BuiltIn[1].SessionId);
        return client;
    }

    [Fact]
    public async Task A_deactivation_salesforce_never_published_ends_the_sign_in_within_one_sweep()
    {
        var tokens = await stack.SignInAsync(RunningStack.SignOutSessions[0]);
        var refreshToken = tokens["RefreshToken"]!.GetValue<string>();
        Assert.Equal(200, (await RefreshAsync(refreshToken)).Status);
        using var watch = new SignOutWatch(stack.App.Services);
        using var salesforce = Salesforce();
        (await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = SignOutTopics.UserChange, ["count"] = 1 })).Dispose();
        await stack.SetActiveAsync(RunningStack.SignOutUserIds[0], isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId);

        stack.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(UserSweep.MarkName, await watch.NextAsync());
        Assert.Equal((400, "Refresh Token has been revoked"), await MessageOf(RefreshAsync(refreshToken)));
    }

    [Fact]
    public async Task A_frozen_user_loses_the_sign_in_within_one_sweep()
    {
        var tokens = await stack.SignInAsync(RunningStack.SignOutSessions[1]);
        var refreshToken = tokens["RefreshToken"]!.GetValue<string>();
        using var watch = new SignOutWatch(stack.App.Services);
        using var salesforce = Salesforce();
        var login = await salesforce.GetFromJsonAsync<JsonObject>($"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{RunningStack.SignOutUserIds[1]}'")}");
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserLoginRecordPath + login!["records"]![0]!["Id"]!.GetValue<string>(), new JsonObject { ["IsFrozen"] = true })).Dispose();

        stack.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(UserSweep.MarkName, await watch.NextAsync());
        Assert.Equal((400, "Refresh Token has been revoked"), await MessageOf(RefreshAsync(refreshToken)));
    }

    private static async Task<(int, string?)> MessageOf(Task<(int Status, JsonObject Body)> answer)
    {
        var (status, body) = await answer;
        return (status, body["message"]?.GetValue<string>());
    }
}
