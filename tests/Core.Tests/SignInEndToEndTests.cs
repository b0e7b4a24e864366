using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The whole sign-in as Cognito would drive it: validate, then define → create → verify → define.</summary>
public sealed class SignInEndToEndTests : IDisposable
{
    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    private async Task<(ChallengeDecision Final, int Rounds)> SignIn(string username, IReadOnlyList<string> answers)
    {
        var history = new List<ChallengeAttempt>();
        var decision = await core.Mediator.Send(new DefineAuthChallenge(history, UserNotFound: false));
        var rounds = 0;
        while (decision.ChallengeName == ChallengeAttempt.CustomChallenge && rounds < answers.Count)
        {
            var challenge = await core.Mediator.Send(new CreateAuthChallenge(history.Count));
            var user = core.Users.FindByUsername(username)!;
            var verdict = await core.Mediator.Send(new VerifyAuthChallenge(
                user, new SalesforceSession(answers[rounds++]), UserNotFound: false));
            history.Add(new ChallengeAttempt(ChallengeAttempt.CustomChallenge, verdict.AnswerCorrect));
            decision = await core.Mediator.Send(new DefineAuthChallenge(history, UserNotFound: false));
        }

        return (decision, rounds);
    }

    [Fact]
    public async Task A_validated_session_signs_its_user_in()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);
        var validated = await core.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));

        var (final, rounds) = await SignIn(validated.Username!, [Samples.Session]);

        Assert.True(final.IssueTokens);
        Assert.False(final.FailAuthentication);
        Assert.Equal(1, rounds);
    }

    [Fact]
    public async Task A_wrong_answer_then_the_right_one_signs_in()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);
        var validated = await core.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));

        var (final, rounds) = await SignIn(validated.Username!, [Samples.OtherUserSession, Samples.Session]);

        Assert.True(final.IssueTokens);
        Assert.Equal(2, rounds);
    }

    [Fact]
    public async Task Another_users_session_never_signs_in_and_fails_after_three_answers()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity).Accept(Samples.OtherUserSession, Samples.OtherUser);
        var validated = await core.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));

        var (final, rounds) = await SignIn(
            validated.Username!, [Samples.OtherUserSession, Samples.OtherUserSession, Samples.OtherUserSession, Samples.Session]);

        Assert.True(final.FailAuthentication);
        Assert.False(final.IssueTokens);
        Assert.Equal(3, rounds);
    }
}
