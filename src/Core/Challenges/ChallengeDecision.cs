namespace SfCognitoSso.Core.Challenges;

/// <summary>What DefineAuthChallenge tells Cognito. Both flags are always set, never left to Cognito's defaults.</summary>
public sealed record ChallengeDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication, Failure? Failure)
    : IFlowResult<ChallengeDecision>
{
    public static readonly ChallengeDecision Challenge =
        new(ChallengeAttempt.CustomChallenge, IssueTokens: false, FailAuthentication: false, Failure: null);

    public static readonly ChallengeDecision Issue =
        new(ChallengeName: null, IssueTokens: true, FailAuthentication: false, Failure: null);

    public static readonly ChallengeDecision Fail =
        new(ChallengeName: null, IssueTokens: false, FailAuthentication: true, Failure: null);

    public static ChallengeDecision Refused(Failure failure) => Fail with { Failure = failure };
}
