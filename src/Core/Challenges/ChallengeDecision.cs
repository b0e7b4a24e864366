namespace SfCognitoSso.Core.Challenges;

/// <summary>What DefineAuthChallenge tells Cognito. Both flags are always set, never left to Cognito's defaults.</summary>
public sealed record ChallengeDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication, Refusal? Refusal)
    : IFlowResult<ChallengeDecision>
{
    /// <summary>Ask (again) for the Salesforce session.</summary>
    public static readonly ChallengeDecision Challenge =
        new(ChallengeAttempt.CustomChallenge, IssueTokens: false, FailAuthentication: false, Refusal: null);

    /// <summary>Issue the tokens: the last answer was right.</summary>
    public static readonly ChallengeDecision Issue =
        new(ChallengeName: null, IssueTokens: true, FailAuthentication: false, Refusal: null);

    /// <summary>Fail the sign-in.</summary>
    public static readonly ChallengeDecision Fail =
        new(ChallengeName: null, IssueTokens: false, FailAuthentication: true, Refusal: null);

    /// <summary>Fail the sign-in, and say why.</summary>
    public static ChallengeDecision Refused(Refusal failure) => Fail with { Refusal = failure };
}
