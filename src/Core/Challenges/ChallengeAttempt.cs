namespace SfCognitoSso.Core.Challenges;

/// <summary>One entry of Cognito's session history for a custom-auth sign-in.</summary>
public sealed record ChallengeAttempt(string? ChallengeName, bool ChallengeResult, string? ChallengeMetadata)
{
    public const string CustomChallenge = "CUSTOM_CHALLENGE";

    public bool IsCustomChallenge => string.Equals(ChallengeName, CustomChallenge, StringComparison.Ordinal);
}
