using System.Text.Json.Nodes;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// Cognito may invoke a trigger again with the same event; ours answer the same each time. With every trigger invoked
/// twice, a sign-in ends exactly as with one invocation: the right answer signs in (with a ticket, without one, with a
/// JWT), and wrong answers are counted once each — the attempt numbers and the cap are unchanged.
/// </summary>
public sealed class TriggerRepeatTests(RepeatingTriggersStack stack) : IClassFixture<RepeatingTriggersStack>
{
    [Fact]
    public async Task Every_kind_of_right_answer_signs_in_when_each_trigger_runs_twice()
    {
        var session = DemoUser.BuiltIn[0].SessionId;
        var (status, validated) = await stack.ValidateAsync(session);
        Assert.Equal(200, status);
        var username = validated["username"]!.GetValue<string>();
        var (_, jwt) = await stack.LogInWithAccessTokenAsync("alice@example.com");

        var ticketAcceptances = TicketAcceptances();
        var withTicket = await stack.AnswerAsync(username, session, validated["ticket"]!.GetValue<string>());
        Assert.Equal(ticketAcceptances + 2, TicketAcceptances()); // Verify ran twice on the one answer
        var withoutTicket = await stack.AnswerAsync(username, session);
        var withJwt = await stack.AnswerAsync(username, jwt);

        Assert.All([withTicket, withoutTicket, withJwt], answer => Assert.True(answer.Status == 200 && answer.Body["AuthenticationResult"] is not null, answer.Body.ToJsonString()));
    }

    private int TicketAcceptances() =>
        stack.Logs.GetSnapshot().Count(line => line.Message.StartsWith("Answer accepted on the validator's ticket", StringComparison.Ordinal));

    [Fact]
    public async Task Wrong_answers_are_counted_once_each_when_each_trigger_runs_twice()
    {
        var (_, validated) = await stack.ValidateAsync(DemoUser.BuiltIn[1].SessionId);
        var username = validated["username"]!.GetValue<string>();
        var (_, started) = await stack.CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = username },
        });
        Assert.Equal("1", started["ChallengeParameters"]!["attempt"]!.GetValue<string>());

        var cognitoSession = started["Session"]!.GetValue<string>();
        var attempts = new List<string>();
        (int Status, JsonObject Body) answer;
        while (true)
        {
            answer = await stack.CognitoAsync("RespondToAuthChallenge", new JsonObject
            {
                ["ClientId"] = "sfssolocal",
                ["ChallengeName"] = "CUSTOM_CHALLENGE",
                ["Session"] = cognitoSession,
                ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = username, ["ANSWER"] = "00D5j00000SfSso!not.a.session.salesforce.knows" },
            });
            if (answer.Status != 200)
            {
                break;
            }

            attempts.Add(answer.Body["ChallengeParameters"]!["attempt"]!.GetValue<string>());
            cognitoSession = answer.Body["Session"]!.GetValue<string>();
        }

        Assert.Equal(["2", "3"], attempts);
        Assert.Equal((400, "NotAuthorizedException"), (answer.Status, answer.Body["__type"]!.GetValue<string>()));
    }
}
