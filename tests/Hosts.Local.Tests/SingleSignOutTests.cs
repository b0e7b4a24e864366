using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Emulators.Salesforce;
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
        using var watch = new SignOutWatch(stack.App.Services);

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
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.SetActiveAsync(RunningStack.SignOutUserIds[0], isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId);
        Assert.Equal(SignOutTopics.UserChange, await watch.NextAsync());

        var (status, refused) = await RefreshAsync(tokens["RefreshToken"]!.GetValue<string>());
        Assert.Equal((400, "Refresh Token has been revoked"), (status, refused["message"]!.GetValue<string>()));
        Assert.Equal(401, (await stack.ValidateAsync(session)).Status);
    }

    /// <summary>Tokens, or (for a refused answer) none: Cognito asks again or fails the sign-in.</summary>
    private static bool SignedIn((int Status, JsonObject Body) answer) => answer.Status == 200 && answer.Body["AuthenticationResult"] is not null;

    [Fact]
    public async Task A_ticket_or_a_cached_answer_from_before_a_logout_signs_no_one_in_and_a_new_login_signs_in_at_once()
    {
        var session = await stack.LogInToSalesforceAsync("kim@example.com");
        await stack.SignInAsync(session); // Verify asked Salesforce and keeps the answer in its own process
        var (_, validated) = await stack.ValidateAsync(session);
        var username = validated["username"]!.GetValue<string>();
        var ticket = validated["ticket"]!.GetValue<string>();
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.LogOutOfSalesforceAsync(session);
        Assert.Equal(SignOutTopics.Logout, await watch.NextAsync());

        Assert.False(SignedIn(await stack.AnswerAsync(username, session, ticket)));
        Assert.False(SignedIn(await stack.AnswerAsync(username, session)));
        var again = await stack.LogInToSalesforceAsync("kim@example.com");
        var (_, revalidated) = await stack.ValidateAsync(again);
        Assert.True(SignedIn(await stack.AnswerAsync(username, again, revalidated["ticket"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_ticket_from_before_a_deactivation_signs_no_one_in()
    {
        var (_, validated) = await stack.ValidateAsync(RunningStack.DeactivatedWithTicketSession);
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.SetActiveAsync(RunningStack.DeactivatedWithTicketUserId, isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId);
        Assert.Equal(SignOutTopics.UserChange, await watch.NextAsync());

        Assert.False(SignedIn(await stack.AnswerAsync(
            validated["username"]!.GetValue<string>(), RunningStack.DeactivatedWithTicketSession, validated["ticket"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_signed_in_user_cannot_clear_their_sign_out_mark_with_their_own_access_token()
    {
        var tokens = await stack.SignInAsync(await stack.LogInToSalesforceAsync("kim@example.com"));
        JsonObject Update(string name, string value) => new()
        {
            ["AccessToken"] = tokens["AccessToken"]!.GetValue<string>(),
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = name, ["Value"] = value }),
        };

        var (markStatus, refused) = await stack.CognitoAsync("UpdateUserAttributes", Update(Contracts.UserAttributes.SignedOutAt, "0"));
        var (idStatus, _) = await stack.CognitoAsync("UpdateUserAttributes", Update(Contracts.UserAttributes.SalesforceUserId, "0055j00000Other"));
        var (localeStatus, _) = await stack.CognitoAsync("UpdateUserAttributes", Update("locale", "fr-FR"));

        Assert.Equal((400, "NotAuthorizedException"), (markStatus, refused["__type"]!.GetValue<string>()));
        Assert.Equal((400, 200), (idStatus, localeStatus));
    }

    [Fact]
    public async Task A_deactivation_published_as_a_gap_event_ends_the_cognito_sign_in()
    {
        var tokens = await stack.SignInAsync(RunningStack.GapSession);
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.SetActiveAsync(RunningStack.GapUserId, isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId, asGap: true);
        Assert.Equal(SignOutTopics.UserChange, await watch.NextAsync());

        var (status, refused) = await RefreshAsync(tokens["RefreshToken"]!.GetValue<string>());
        Assert.Equal((400, "Refresh Token has been revoked"), (status, refused["message"]!.GetValue<string>()));
    }
}
