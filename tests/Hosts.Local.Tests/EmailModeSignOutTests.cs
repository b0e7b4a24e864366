using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// Single sign-out in Email mode on the whole local stack: a Salesforce user whose first sign-in linked to another
/// provider's user (same verified address) is signed out of that user by a logout — the refresh token is revoked and
/// the ticket taken before the logout signs no one in — though its username is not one of ours.
/// </summary>
public sealed class EmailModeSignOutTests : IClassFixture<EmailModeStack>
{
    private readonly EmailModeStack stack;

    public EmailModeSignOutTests(EmailModeStack stack)
    {
        this.stack = stack;
        if (stack.App.Services.GetService(typeof(Emulators.Cognito.PoolUsers)) is Emulators.Cognito.PoolUsers users && users.Find(EmailModeStack.OtherProvidersUsername) is null)
        {
            stack.SeedLinkableUser();
        }
    }

    [Fact]
    public async Task A_jwt_issued_before_a_logout_gets_no_cognito_tokens_by_any_path()
    {
        // Review finding: in Email mode the validator never compared a JWT with the user's mark, and Verify took the
        // fresh ticket it minted. A logout ends the UI session, not the token: Salesforce still answers for it.
        var (session, token) = await stack.LogInWithAccessTokenAsync(EmailModeStack.JwtEmail);
        var (status, validated) = await stack.ValidateAccessTokenAsync(token);
        Assert.True(status == 200, validated.ToJsonString());
        var username = validated["username"]!.GetValue<string>();
        var ticket = validated["ticket"]!.GetValue<string>();
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.LogOutOfSalesforceAsync(session);
        Assert.Equal(SignOutTopics.Logout, await watch.NextAsync());

        var (refused, problem) = await stack.ValidateAccessTokenAsync(token);
        Assert.Equal((401, "invalid_session"), (refused, problem["code"]?.GetValue<string>()));
        var (_, withOldTicket) = await stack.AnswerAsync(username, token, ticket);
        Assert.Null(withOldTicket["AuthenticationResult"]);
        var form = RunningStack.ExchangeForm(token);
        form["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt";
        var (exchanged, error) = await stack.ExchangeAsync(form);
        Assert.Equal((400, "invalid_grant"), (exchanged, error["error"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_logout_signs_the_linked_user_out_and_its_ticket_from_before_signs_no_one_in()
    {
        var session = await stack.LogInToSalesforceAsync(EmailModeStack.LinkedEmail);
        var (status, validated) = await stack.ValidateAsync(session);
        Assert.Equal((200, EmailModeStack.OtherProvidersUsername), (status, validated["username"]!.GetValue<string>()));
        var ticket = validated["ticket"]!.GetValue<string>();
        var (answered, tokens) = await stack.AnswerAsync(EmailModeStack.OtherProvidersUsername, session, ticket);
        Assert.Equal(200, answered);
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.LogOutOfSalesforceAsync(session);
        Assert.Equal(SignOutTopics.Logout, await watch.NextAsync());

        var (refreshStatus, refused) = await stack.CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = tokens["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>() },
        });
        Assert.Equal((400, "Refresh Token has been revoked"), (refreshStatus, refused["message"]!.GetValue<string>()));
        var (_, again) = await stack.AnswerAsync(EmailModeStack.OtherProvidersUsername, session, ticket);
        Assert.Null(again["AuthenticationResult"]);
    }
}
