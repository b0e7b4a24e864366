using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Challenges;

/// <summary>
/// Only our custom challenge is ever accepted; tokens follow a right last answer; the sign-in fails after
/// <see cref="ChallengeOptions.MaxAttempts"/> wrong answers. An unknown user is challenged exactly like a known one
/// (verify answers false for it), so the flow does not reveal which usernames exist.
/// </summary>
internal sealed class AttemptLimitPolicy(IOptions<ChallengeOptions> options) : IChallengePolicy
{
    private readonly int maxAttempts = options.Value.MaxAttempts;

    public ChallengeDecision Decide(IReadOnlyList<ChallengeAttempt> history, bool userNotFound)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return ChallengeDecision.Challenge;
        }

        var wrongAnswers = 0;
        foreach (var attempt in history)
        {
            if (!attempt.IsCustomChallenge)
            {
                // SRP, password or any other challenge means someone is driving a flow this pool does not offer.
                return ChallengeDecision.Fail;
            }

            if (!attempt.ChallengeResult)
            {
                wrongAnswers++;
            }
        }

        if (history[^1].ChallengeResult && !userNotFound)
        {
            return ChallengeDecision.Issue;
        }

        // For an unknown user every answer counts as wrong, whatever the history says.
        var failedAttempts = userNotFound ? history.Count : wrongAnswers;
        return failedAttempts >= maxAttempts ? ChallengeDecision.Fail : ChallengeDecision.Challenge;
    }
}
