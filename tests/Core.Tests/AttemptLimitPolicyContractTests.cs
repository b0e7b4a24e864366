using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The challenge policy contract, met by the attempt limit at its default (three wrong answers).</summary>
public sealed class AttemptLimitPolicyContractTests : ChallengePolicyContract
{
    protected override IChallengePolicy Policy { get; } = new AttemptLimitPolicy(Options.Create(new ChallengeOptions()));

    protected override int AllowedWrongAnswers => 3;
}

/// <summary>The same contract at the strictest setting (<c>Challenge__MaxAttempts=1</c>).</summary>
public sealed class SingleAttemptPolicyContractTests : ChallengePolicyContract
{
    protected override IChallengePolicy Policy { get; } = new AttemptLimitPolicy(Options.Create(new ChallengeOptions { MaxAttempts = 1 }));

    protected override int AllowedWrongAnswers => 1;
}
