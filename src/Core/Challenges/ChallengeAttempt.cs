namespace SfCognitoSso.Core.Challenges;

/// <summary>One entry of Cognito's session history for a custom-auth sign-in.</summary>
public sealed record ChallengeAttempt(string? ChallengeName, bool ChallengeResult)
{
    public const string CustomChallenge = Contracts.Challenge.CustomChallenge;

    public bool IsCustomChallenge => string.Equals(ChallengeName, CustomChallenge, StringComparison.Ordinal);
}
