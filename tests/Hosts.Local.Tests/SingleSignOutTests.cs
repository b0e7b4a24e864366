using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// Single sign-out on the whole local stack: Salesforce's own ways to end a session (a UI logout, a deactivation)
/// reach the validator through the stand-in's Pub/Sub API, and the user's Cognito sign-in ends: the refresh token is
/// refused as Cognito refuses a revoked one, the access token too, and the Salesforce session no longer validates.
/// </summary>
[Collection(RunningStackCollection.Name)]
public sealed class SingleSignOutTests(RunningStack stack)
{
    private Task<(int Status, JsonObject Body)> RefreshAsync(string refreshToken) => stack.CognitoAsync("InitiateAuth", new JsonObject
    {
        ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
        ["ClientId"] = "sfssolocal",
        ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = refreshToken },
    });

    [Fact]
    public async Task A_salesforce_logout_ends_the_cognito_sign_in()
    {
        var session = await stack.LogInToSalesforceAsync("hank@example.com");
        var tokens = await stack.SignInAsync(session);
        var refreshToken = tokens["RefreshToken"]!.GetValue<string>();
        Assert.Equal(200, (await RefreshAsync(refreshToken)).Status);
        using var watch = new SignOutWatch();

        await stack.LogOutOfSalesforceAsync(session);
        Assert.Equal(SignOutTopics.Logout, await watch.NextAsync());

        var (status, refused) = await RefreshAsync(refreshToken);
        Assert.Equal(400, status);
        Assert.Equal("NotAuthorizedException", refused["__type"]!.GetValue<string>());
        Assert.Equal("Refresh Token has been revoked", refused["message"]!.GetValue<string>());
        var (userStatus, user) = await stack.CognitoAsync("GetUser", new JsonObject { ["AccessToken"] = tokens["AccessToken"]!.GetValue<string>() });
        Assert.Equal((400, "Access Token has been revoked"), (userStatus, user["message"]!.GetValue<string>()));
        Assert.Equal(401, (await stack.ValidateAsync(session)).Status);
    }

    [Fact]
    public async Task A_deactivation_ends_the_cognito_sign_in_and_the_users_sessions()
    {
        var session = RunningStack.SignOutSessions[0];
        var tokens = await stack.SignInAsync(session);
        using var watch = new SignOutWatch();

        await stack.SetActiveAsync(RunningStack.SignOutUserIds[0], isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId);
        Assert.Equal(SignOutTopics.UserChange, await watch.NextAsync());

        var (status, refused) = await RefreshAsync(tokens["RefreshToken"]!.GetValue<string>());
        Assert.Equal((400, "Refresh Token has been revoked"), (status, refused["message"]!.GetValue<string>()));
        Assert.Equal(401, (await stack.ValidateAsync(session)).Status);
    }
}
