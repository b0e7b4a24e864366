using Mediator;
using SfCognitoSso.Core.Challenges;

namespace SfCognitoSso.Core.Flows;

/// <summary>Cognito's DefineAuthChallenge trigger: the next step of the sign-in, from its history alone.</summary>
public sealed record DefineAuthChallenge(IReadOnlyList<ChallengeAttempt> History, bool UserNotFound)
    : ICommand<ChallengeDecision>;

internal sealed class DefineAuthChallengeHandler(IChallengePolicy policy)
    : ICommandHandler<DefineAuthChallenge, ChallengeDecision>
{
    public ValueTask<ChallengeDecision> Handle(DefineAuthChallenge command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(policy.Decide(command.History, command.UserNotFound));
}
