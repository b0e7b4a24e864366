using SfCognitoSso.Core.Flows;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class CreateAuthChallengeTests : IDisposable
{
    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    [Fact]
    public async Task The_challenge_asks_the_client_for_its_salesforce_session()
    {
        var challenge = await core.Mediator.Send(new CreateAuthChallenge(PreviousAttempts: 0));

        Assert.Null(challenge.Refusal);
        Assert.Equal("SALESFORCE_SESSION", challenge.PublicParameters["challenge"]);
        Assert.Contains("Salesforce session", challenge.PublicParameters["answer"], StringComparison.Ordinal);
        Assert.Equal("1", challenge.PublicParameters["attempt"]);
        Assert.Equal("SALESFORCE_SESSION", challenge.ChallengeMetadata);
    }

    [Fact]
    public async Task The_attempt_number_counts_previous_answers()
    {
        var challenge = await core.Mediator.Send(new CreateAuthChallenge(PreviousAttempts: 2));

        Assert.Equal("3", challenge.PublicParameters["attempt"]);
    }

    [Fact]
    public async Task No_parameter_carries_a_secret_or_anything_from_the_user()
    {
        var challenge = await core.Mediator.Send(new CreateAuthChallenge(PreviousAttempts: 1));

        Assert.Equal(["challenge"], challenge.PrivateParameters.Keys);
        Assert.Equal(["answer", "attempt", "challenge"], challenge.PublicParameters.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_negative_attempt_count_is_refused()
    {
        var challenge = await core.Mediator.Send(new CreateAuthChallenge(PreviousAttempts: -1));

        Assert.Equal(RefusalReason.InvalidRequest, challenge.Refusal?.Reason);
    }
}
