using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>The custom-auth state machine: sessions, rounds, and what each trigger event carries.</summary>
public sealed class CustomAuthFlowTests : IDisposable
{
    private readonly EmulatorHarness pool = new();

    public CustomAuthFlowTests() => pool.AddUser();

    public void Dispose() => pool.Dispose();

    [Fact]
    public async Task A_challenge_returns_the_public_parameters_and_the_internal_username_but_nothing_private()
    {
        var started = await pool.InitiateAsync();

        Assert.Equal("CUSTOM_CHALLENGE", started["ChallengeName"]!.GetValue<string>());
        var parameters = started["ChallengeParameters"]!.AsObject();
        Assert.Equal(["question", "round", "USERNAME"], parameters.Select(p => p.Key));
        Assert.Equal(EmulatorHarness.Username, parameters["USERNAME"]!.GetValue<string>());
        Assert.InRange(started["Session"]!.GetValue<string>().Length, 20, 2048);
        Assert.DoesNotContain(ScriptedTriggers.RightAnswer, started.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("round-1", started.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_round_sends_define_the_growing_session_and_keeps_initiate_metadata_out_of_define_and_create()
    {
        var started = await pool.InitiateAsync(clientMetadata: new JsonObject { ["initiate"] = "never-forwarded" });
        var wrong = await pool.AnswerAsync(started["Session"]!.GetValue<string>(), "41", clientMetadata: new JsonObject { ["app"] = "web" });
        var second = JsonNode.Parse(wrong.Body)!.AsObject();
        Assert.Equal(200, wrong.Status); // a wrong answer Define does not fail is a new challenge, not an error
        Assert.Equal("2", second["ChallengeParameters"]!["round"]!.GetValue<string>());
        var done = await pool.AnswerAsync(second["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer);
        Assert.Equal(200, done.Status);

        var defines = pool.Triggers.EventsOf(UserPoolTrigger.DefineAuthChallenge).ToList();
        Assert.Equal(3, defines.Count);
        Assert.Equal([0, 1, 2], defines.Select(e => e["request"]!["session"]!.AsArray().Count));
        Assert.Null(defines[0]["request"]!["clientMetadata"]);
        Assert.Equal(
            """[{"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"round-1"},{"challengeName":"CUSTOM_CHALLENGE","challengeResult":true,"challengeMetadata":"round-2"}]""",
            defines[2]["request"]!["session"]!.ToJsonString());
        Assert.Equal("web", defines[1]["request"]!["clientMetadata"]!["app"]!.GetValue<string>());

        var creates = pool.Triggers.EventsOf(UserPoolTrigger.CreateAuthChallenge).ToList();
        Assert.Null(creates[0]["request"]!["clientMetadata"]);
        Assert.Equal("CUSTOM_CHALLENGE", creates[0]["request"]!["challengeName"]!.GetValue<string>());
        Assert.Single(creates[1]["request"]!["session"]!.AsArray());

        var verify = pool.Triggers.EventsOf(UserPoolTrigger.VerifyAuthChallengeResponse).First();
        Assert.Equal("41", verify["request"]!["challengeAnswer"]!.GetValue<string>());
        Assert.Equal(ScriptedTriggers.RightAnswer, verify["request"]!["privateChallengeParameters"]!["answer"]!.GetValue<string>());
        Assert.Equal("web", verify["request"]!["clientMetadata"]!["app"]!.GetValue<string>());

        foreach (var (trigger, sent) in pool.Triggers.Events.Where(entry => entry.Trigger != UserPoolTrigger.PreTokenGeneration))
        {
            Assert.DoesNotContain("never-forwarded", sent.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal("1", sent["version"]!.GetValue<string>());
            Assert.Equal("us-east-1", sent["region"]!.GetValue<string>());
            Assert.Equal(EmulatorHarness.PoolId, sent["userPoolId"]!.GetValue<string>());
            Assert.Equal(EmulatorHarness.Username, sent["userName"]!.GetValue<string>());
            Assert.Equal(EmulatorHarness.ClientId, sent["callerContext"]!["clientId"]!.GetValue<string>());
            Assert.False(sent["request"]!["userNotFound"]!.GetValue<bool>());
            Assert.Equal("user@example.com", sent["request"]!["userAttributes"]!["email"]!.GetValue<string>());
            Assert.Equal("FORCE_CHANGE_PASSWORD", sent["request"]!["userAttributes"]!["cognito:user_status"]!.GetValue<string>());
            Assert.Equal(
                trigger switch
                {
                    UserPoolTrigger.DefineAuthChallenge => "DefineAuthChallenge_Authentication",
                    UserPoolTrigger.CreateAuthChallenge => "CreateAuthChallenge_Authentication",
                    _ => "VerifyAuthChallengeResponse_Authentication",
                },
                sent["triggerSource"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Wrong_answers_until_define_fails_end_in_NotAuthorized()
    {
        var step = await pool.InitiateAsync();
        for (var round = 1; round < 3; round++)
        {
            var wrong = await pool.AnswerAsync(step["Session"]!.GetValue<string>(), "nope");
            step = JsonNode.Parse(wrong.Body)!.AsObject();
            Assert.Equal("CUSTOM_CHALLENGE", step["ChallengeName"]!.GetValue<string>());
        }

        var last = await pool.AnswerAsync(step["Session"]!.GetValue<string>(), "nope");

        Assert.Equal(("NotAuthorizedException", "Incorrect username or password."), EmulatorHarness.ErrorOf(last));
    }

    [Fact]
    public async Task A_session_answers_once()
    {
        var started = await pool.InitiateAsync();
        var session = started["Session"]!.GetValue<string>();
        Assert.Equal(200, (await pool.AnswerAsync(session, "wrong")).Status);

        var replay = await pool.AnswerAsync(session, ScriptedTriggers.RightAnswer);

        Assert.Equal(("NotAuthorizedException", "Invalid session for the user."), EmulatorHarness.ErrorOf(replay));
        Assert.Single(pool.Triggers.EventsOf(UserPoolTrigger.VerifyAuthChallengeResponse));
    }

    [Fact]
    public async Task A_session_expires_after_its_validity_on_the_pool_clock()
    {
        var inTime = await pool.InitiateAsync();
        var late = await pool.InitiateAsync();
        pool.Time.Advance(TimeSpan.FromSeconds(179));
        Assert.Equal(200, (await pool.AnswerAsync(inTime["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer)).Status);

        pool.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await pool.AnswerAsync(late["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer);

        Assert.Equal(("NotAuthorizedException", "Invalid session for the user, session is expired."), EmulatorHarness.ErrorOf(expired));
    }

    [Fact]
    public async Task The_session_validity_is_a_setting()
    {
        using var shortLived = new EmulatorHarness(settings: new() { ["CognitoEmulator:SessionValiditySeconds"] = "30" });
        shortLived.AddUser();
        var started = await shortLived.InitiateAsync();
        shortLived.Time.Advance(TimeSpan.FromSeconds(30));

        var expired = await shortLived.AnswerAsync(started["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer);

        Assert.Equal("Invalid session for the user, session is expired.", EmulatorHarness.ErrorOf(expired).Message);
    }

    [Fact]
    public async Task The_answer_must_name_the_sessions_user()
    {
        pool.AddUser("someone-else", "else@example.com");
        var started = await pool.InitiateAsync();

        var mismatch = await pool.AnswerAsync(started["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer, "someone-else");

        Assert.Equal("Invalid session for the user.", EmulatorHarness.ErrorOf(mismatch).Message);
        Assert.Empty(pool.Triggers.EventsOf(UserPoolTrigger.VerifyAuthChallengeResponse));
    }

    [Fact]
    public async Task An_unknown_user_is_challenged_with_userNotFound_and_never_gets_tokens()
    {
        pool.Triggers.Override = (trigger, received, _) =>
        {
            // A careless Define that issues tokens at once must still not sign in a user who does not exist.
            received["response"]!["issueTokens"] = trigger == UserPoolTrigger.DefineAuthChallenge;
            return Task.FromResult(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(received));
        };

        var response = await pool.SendAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = EmulatorHarness.ClientId,
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = "nobody" },
        });

        Assert.Equal(("NotAuthorizedException", "Incorrect username or password."), EmulatorHarness.ErrorOf(response));
        var define = Assert.Single(pool.Triggers.EventsOf(UserPoolTrigger.DefineAuthChallenge));
        Assert.True(define["request"]!["userNotFound"]!.GetValue<bool>());
        Assert.Equal("nobody", define["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_disabled_user_is_refused_before_any_trigger_runs()
    {
        pool.Users.SetEnabled(EmulatorHarness.Username, enabled: false);

        var response = await pool.SendAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = EmulatorHarness.ClientId,
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = EmulatorHarness.Username },
        });

        Assert.Equal(("NotAuthorizedException", "User is disabled."), EmulatorHarness.ErrorOf(response));
        Assert.Empty(pool.Triggers.Events);
    }

    [Fact]
    public async Task Without_triggers_the_pool_says_custom_auth_is_not_configured()
    {
        using var bare = new EmulatorHarness(withTriggers: false);
        bare.AddUser();

        var response = await bare.SendAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = EmulatorHarness.ClientId,
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = EmulatorHarness.Username },
        });

        Assert.Equal(("InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool."), EmulatorHarness.ErrorOf(response));
    }
}
