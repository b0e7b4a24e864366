using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class DefineAuthChallengeTests : IDisposable
{
    private const string Custom = ChallengeAttempt.CustomChallenge;

    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    private static ChallengeAttempt Answer(bool correct, string name = Custom) => new(name, correct);

    private ValueTask<ChallengeDecision> Define(bool userNotFound, params ChallengeAttempt[] history) =>
        core.Mediator.Send(new DefineAuthChallenge(history, userNotFound));

    [Fact]
    public async Task An_empty_history_asks_the_custom_challenge()
    {
        var decision = await Define(userNotFound: false);

        Assert.Equal((Custom, false, false), (decision.ChallengeName, decision.IssueTokens, decision.FailAuthentication));
    }

    [Fact]
    public async Task A_right_last_answer_issues_tokens()
    {
        var decision = await Define(false, Answer(false), Answer(true));

        Assert.Equal((true, false), (decision.IssueTokens, decision.FailAuthentication));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Fewer_wrong_answers_than_the_limit_ask_again(int wrongAnswers)
    {
        var decision = await Define(false, [.. Enumerable.Repeat(Answer(false), wrongAnswers)]);

        Assert.Equal((Custom, false, false), (decision.ChallengeName, decision.IssueTokens, decision.FailAuthentication));
    }

    [Fact]
    public async Task Third_wrong_answer_fails_authentication()
    {
        var decision = await Define(false, Answer(false), Answer(false), Answer(false));

        Assert.Equal((false, true), (decision.IssueTokens, decision.FailAuthentication));
    }

    [Fact]
    public async Task The_attempt_limit_comes_from_configuration()
    {
        using var strict = new CoreHarness(new Dictionary<string, string?> { ["Challenge:MaxAttempts"] = "1" });

        var decision = await strict.Mediator.Send(new DefineAuthChallenge([Answer(false)], UserNotFound: false));

        Assert.True(decision.FailAuthentication);
    }

    [Theory]
    [InlineData("SRP_A")]
    [InlineData("PASSWORD_VERIFIER")]
    [InlineData("SMS_MFA")]
    [InlineData(null)]
    public async Task Any_history_entry_other_than_the_custom_challenge_fails_authentication(string? name)
    {
        var decision = await Define(false, Answer(true, name!), Answer(true));

        Assert.Equal((false, true), (decision.IssueTokens, decision.FailAuthentication));
    }

    [Fact]
    public async Task An_unknown_user_keeps_being_challenged_like_a_known_one()
    {
        var first = await Define(userNotFound: true);
        var second = await Define(true, Answer(false));

        Assert.Equal(ChallengeDecision.Challenge, first);
        Assert.Equal(ChallengeDecision.Challenge, second);
    }

    [Fact]
    public async Task An_unknown_user_never_gets_tokens_even_with_a_right_answer_on_record()
    {
        var decision = await Define(true, Answer(true));

        Assert.False(decision.IssueTokens);
    }

    [Fact]
    public async Task An_unknown_user_fails_after_as_many_attempts_as_a_known_one()
    {
        var decision = await Define(true, Answer(false), Answer(false), Answer(false));

        Assert.Equal((false, true), (decision.IssueTokens, decision.FailAuthentication));
    }

    [Fact]
    public async Task Every_decision_sets_both_flags_explicitly()
    {
        ChallengeDecision[] decisions =
        [
            await Define(false),
            await Define(false, Answer(true)),
            await Define(false, Answer(false), Answer(false), Answer(false)),
            await Define(false, Answer(true, "SRP_A")),
        ];

        Assert.All(decisions, decision => Assert.False(decision.IssueTokens && decision.FailAuthentication));
        Assert.Contains(decisions, decision => decision.IssueTokens);
        Assert.Contains(decisions, decision => decision.FailAuthentication);
    }

    [Fact]
    public async Task A_missing_history_fails_authentication_instead_of_throwing()
    {
        var decision = await core.Mediator.Send(new DefineAuthChallenge(null!, UserNotFound: false));

        Assert.True(decision.FailAuthentication);
        Assert.Equal(RefusalReason.InvalidRequest, decision.Refusal?.Reason);
    }
}
