using SfCognitoSso.Core.Challenges;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// What every <see cref="IChallengePolicy"/> must decide, whatever its limits: our challenge first, tokens only after
/// a right last answer of a known user, never for an unknown one, never through another challenge type, an end to
/// wrong answers, and a decision Cognito reads one way only. Checked over every history up to a length.
/// </summary>
public abstract class ChallengePolicyContract
{
    /// <summary>The policy under test.</summary>
    protected abstract IChallengePolicy Policy { get; }

    /// <summary>How many wrong answers the policy allows; the next one must fail the sign-in.</summary>
    protected abstract int AllowedWrongAnswers { get; }

    private static ChallengeAttempt Custom(bool result) => new(ChallengeAttempt.CustomChallenge, result);

    /// <summary>Every history of custom challenges up to <paramref name="length"/> answers, right or wrong.</summary>
    private static IEnumerable<ChallengeAttempt[]> Histories(int length) =>
        Enumerable.Range(0, length + 1).SelectMany(count =>
            Enumerable.Range(0, 1 << count).Select(bits => Enumerable.Range(0, count).Select(i => Custom((bits & (1 << i)) != 0)).ToArray()));

    [Fact]
    public void A_new_sign_in_gets_our_custom_challenge()
    {
        Assert.Equal(ChallengeDecision.Challenge, Policy.Decide([], userNotFound: false));
        Assert.Equal(ChallengeDecision.Challenge, Policy.Decide([], userNotFound: true));
    }

    [Fact]
    public void A_right_last_answer_of_a_known_user_issues_tokens()
    {
        Assert.Equal(ChallengeDecision.Issue, Policy.Decide([Custom(true)], userNotFound: false));
        Assert.Equal(ChallengeDecision.Issue, Policy.Decide([Custom(false), Custom(true)], userNotFound: false));
    }

    [Fact]
    public void An_unknown_user_never_gets_tokens_whatever_the_history_says()
    {
        foreach (var history in Histories(AllowedWrongAnswers + 1))
        {
            Assert.False(Policy.Decide(history, userNotFound: true).IssueTokens, $"{history.Length} answers");
        }
    }

    [Theory]
    [InlineData("PASSWORD_VERIFIER")]
    [InlineData("SRP_A")]
    [InlineData("SMS_MFA")]
    [InlineData(null)]
    public void Any_other_challenge_in_the_history_fails_the_sign_in(string? challengeName)
    {
        foreach (var history in Histories(2))
        {
            var mixed = history.Append(new ChallengeAttempt(challengeName, ChallengeResult: true)).ToArray();
            Assert.Equal(ChallengeDecision.Fail, Policy.Decide(mixed, userNotFound: false));
            Assert.Equal(ChallengeDecision.Fail, Policy.Decide([new ChallengeAttempt(challengeName, true), .. history], userNotFound: false));
        }
    }

    [Fact]
    public void Wrong_answers_end_in_failure_after_the_allowed_number()
    {
        var wrong = Enumerable.Repeat(Custom(false), AllowedWrongAnswers).ToArray();

        Assert.Equal(ChallengeDecision.Challenge, Policy.Decide(wrong[..^1], userNotFound: false));
        Assert.Equal(ChallengeDecision.Fail, Policy.Decide(wrong, userNotFound: false));
        Assert.Equal(ChallengeDecision.Fail, Policy.Decide(wrong, userNotFound: true));
    }

    [Fact]
    public void Every_decision_is_exactly_one_of_challenge_issue_or_fail_and_always_the_same()
    {
        foreach (var userNotFound in new[] { false, true })
        {
            foreach (var history in Histories(AllowedWrongAnswers + 1))
            {
                var decision = Policy.Decide(history, userNotFound);
                Assert.Contains(decision, new[] { ChallengeDecision.Challenge, ChallengeDecision.Issue, ChallengeDecision.Fail });
                Assert.Equal(decision, Policy.Decide(history, userNotFound));
            }
        }
    }
}
