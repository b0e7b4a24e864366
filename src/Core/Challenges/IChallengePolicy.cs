namespace SfCognitoSso.Core.Challenges;

/// <summary>Port: decides the next step of a custom-auth sign-in from its history alone (no I/O).</summary>
public interface IChallengePolicy
{
    /// <summary>The next step, given every round so far and whether the user exists.</summary>
    ChallengeDecision Decide(IReadOnlyList<ChallengeAttempt> history, bool userNotFound);
}
