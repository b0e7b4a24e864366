namespace SfCognitoSso.Core.Challenges;

/// <summary>One entry of Cognito's session history for a custom-auth sign-in.</summary>
public sealed record ChallengeAttempt(string? ChallengeName, bool ChallengeResult)
{
    /// <summary>The challenge name our flow uses for every round.</summary>
    public const string CustomChallenge = Contracts.Challenge.CustomChallenge;

    /// <summary>Whether this round was our custom challenge (anything else in the history fails the sign-in).</summary>
    public bool IsCustomChallenge => string.Equals(ChallengeName, CustomChallenge, StringComparison.Ordinal);
}
