using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// An org with JWT-based access tokens, on the local stack: the stand-in's login hands out a token in Salesforce's
/// format, signed with its published key; a user signs in with it through the validator, the pool's own challenge and
/// the token exchange. A new user costs one Salesforce call (its email and active flag); a known one costs none, the
/// answer to the challenge included. A logout's sign-out mark outlives every token issued before it.
/// </summary>
[Collection(RunningStackCollection.Name)]
public sealed class JwtAccessTokenTests(RunningStack stack)
{
    private int SalesforceCalls => stack.App.Services.GetRequiredService<SalesforceStandIn>().Requests;

    [Fact]
    public async Task The_stand_ins_token_has_salesforces_header_and_claims()
    {
        var (_, token) = await stack.LogInWithAccessTokenAsync("jade@example.com");
        var jwt = new JsonWebToken(token);

        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("JWT", jwt.Typ);
        Assert.StartsWith("CORE_ATJWT.00D5j00000SfSso.", jwt.Kid, StringComparison.Ordinal);
        Assert.Equal("sfdc-core-token", jwt.GetHeaderValue<string>("tty"));
        Assert.EndsWith("/00D5j00000SfSsoEAF", jwt.GetHeaderValue<string>("tnk"), StringComparison.Ordinal);
        Assert.Equal(stack.SalesforceUrl, jwt.Issuer);
        Assert.Equal([stack.SalesforceUrl], jwt.Audiences);
        Assert.Equal($"uid:{Core.Sessions.SalesforceId.Parse(RunningStack.JwtUserIds[0]).Value}", jwt.Subject);
        Assert.Equal(StandInAccessTokens.ClientId, jwt.GetPayloadValue<string>("client_id"));
    }

    [Fact]
    public async Task A_new_user_costs_one_salesforce_call_and_a_known_one_none_from_validation_to_tokens()
    {
        var (_, first) = await stack.LogInWithAccessTokenAsync("jade@example.com");
        var before = SalesforceCalls;

        var (status, created) = await stack.ValidateAccessTokenAsync(first);
        var afterNewUser = SalesforceCalls;
        var username = created["username"]!.GetValue<string>();
        var (answered, signedIn) = await stack.AnswerAsync(username, first);
        var (_, again) = await stack.LogInWithAccessTokenAsync("jade@example.com");
        var (knownStatus, known) = await stack.ValidateAccessTokenAsync(again);
        var exchangeForm = RunningStack.ExchangeForm(again);
        exchangeForm["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt";
        var (exchanged, tokens) = await stack.ExchangeAsync(exchangeForm);

        Assert.True(status == 200, created.ToJsonString());
        Assert.True(created["created"]!.GetValue<bool>()); // jade signs in nowhere else
        Assert.Equal(before + 1, afterNewUser);
        Assert.True(answered == 200 && signedIn["AuthenticationResult"] is not null, signedIn.ToJsonString());
        Assert.Equal((200, false), (knownStatus, known["created"]!.GetValue<bool>()));
        Assert.True(exchanged == 200, tokens.ToJsonString());
        Assert.Equal(afterNewUser, SalesforceCalls);
    }

    [Fact]
    public async Task A_token_issued_before_a_salesforce_logout_no_longer_signs_in_and_a_new_login_does()
    {
        var (session, token) = await stack.LogInWithAccessTokenAsync("jules@example.com");
        var (status, validated) = await stack.ValidateAccessTokenAsync(token);
        Assert.True(status == 200, validated.ToJsonString());
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.LogOutOfSalesforceAsync(session);
        Assert.Equal(SignOutTopics.Logout, await watch.NextAsync());
        var signedOutBy = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (refused, problem) = await stack.ValidateAccessTokenAsync(token);
        var (answered, verdict) = await stack.AnswerAsync(validated["username"]!.GetValue<string>(), token);
        Assert.Equal((401, "invalid_session"), (refused, problem["code"]!.GetValue<string>()));
        Assert.Null(verdict["AuthenticationResult"]);
        Assert.True(answered is 200 or 400, verdict.ToJsonString());

        // A token issued within the clock skew after the mark is treated as issued before it (Salesforce's clock and the
        // subscriber's differ), and token times are whole seconds: the first login the mark lets in is past both.
        var (_, fresh) = await LogInAfterAsync(signedOutBy + (long)Core.SignOut.SignOutMark.ClockSkew.TotalSeconds, "jules@example.com");
        Assert.Equal(200, (await stack.ValidateAccessTokenAsync(fresh)).Status);
    }

    [Fact]
    public async Task A_malformed_or_foreign_token_is_refused_with_no_salesforce_call()
    {
        var before = SalesforceCalls;
        var (_, token) = await stack.LogInWithAccessTokenAsync("jade@example.com");
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}x.{parts[2]}";

        var (tamperedStatus, tamperedProblem) = await stack.ValidateAccessTokenAsync(tampered);
        var (garbageStatus, garbageProblem) = await stack.ValidateAccessTokenAsync("eyJnot.a.token");
        var (oversizedStatus, _) = await stack.ValidateAccessTokenAsync("eyJ" + new string('a', 5000) + ".b.c");

        Assert.Equal((401, "invalid_session"), (tamperedStatus, tamperedProblem["code"]!.GetValue<string>()));
        Assert.Equal(401, garbageStatus);
        Assert.Equal("invalid_session", garbageProblem["code"]!.GetValue<string>());
        Assert.Equal(400, oversizedStatus);
        Assert.Equal(before, SalesforceCalls);
    }

    [Fact]
    public async Task After_the_org_rotates_its_key_a_token_signed_with_the_new_one_signs_in()
    {
        var (_, before) = await stack.LogInWithAccessTokenAsync("bob@example.com");
        Assert.Equal(200, (await stack.ValidateAccessTokenAsync(before)).Status);

        using var rotate = await stack.Http.PostAsync($"{stack.SalesforceUrl}{StandInAccessTokens.RotatePath}", null);
        var (_, after) = await stack.LogInWithAccessTokenAsync("bob@example.com");

        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);
        Assert.Equal(200, (await stack.ValidateAccessTokenAsync(after)).Status);
        Assert.Equal(200, (await stack.ValidateAccessTokenAsync(before)).Status); // the old key stays published
    }

    [Fact]
    public async Task A_user_deactivated_before_a_first_sign_in_is_refused_by_salesforces_answer()
    {
        var (_, token) = await stack.LogInWithAccessTokenAsync("kit@example.com");
        await stack.SetActiveAsync(RunningStack.JwtUserIds[2], isActive: false, adminSession: DemoUser.BuiltIn[1].SessionId);

        var (status, problem) = await stack.ValidateAccessTokenAsync(token);

        Assert.Equal((401, "invalid_session"), (status, problem["code"]!.GetValue<string>()));
    }

    /// <summary>A new login whose token is issued after the second <paramref name="second"/>.</summary>
    private async Task<(string Session, string AccessToken)> LogInAfterAsync(long second, string email)
    {
        var issued = second;
        while (true)
        {
            var login = await stack.LogInWithAccessTokenAsync(email);
            if (new JsonWebToken(login.AccessToken).GetPayloadValue<long>("iat") > issued)
            {
                return login;
            }

            await Task.Delay(100);
        }
    }
}
