using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>Define's whole decision table, as events through the host.</summary>
public sealed class DefineDecisionTableTests : IDisposable
{
    private const string Custom = "CUSTOM_CHALLENGE";

    private readonly LambdaHarness host = new(CognitoTrigger.DefineAuthChallenge);

    public void Dispose() => host.Dispose();

    public static TheoryData<string, bool, (string, bool)[], string?, bool, bool> Table => new()
    {
        { "first call", false, [], Custom, false, false },
        { "right answer", false, [(Custom, true)], null, true, false },
        { "wrong then right", false, [(Custom, false), (Custom, true)], null, true, false },
        { "one wrong", false, [(Custom, false)], Custom, false, false },
        { "two wrong", false, [(Custom, false), (Custom, false)], Custom, false, false },
        { "three wrong", false, [(Custom, false), (Custom, false), (Custom, false)], null, false, true },
        { "SRP in history", false, [("SRP_A", true)], null, false, true },
        { "password in history", false, [("PASSWORD_VERIFIER", true), (Custom, true)], null, false, true },
        { "unknown user, first call", true, [], Custom, false, false },
        { "unknown user, one answer", true, [(Custom, false)], Custom, false, false },
        { "unknown user, 'right' answer", true, [(Custom, true)], Custom, false, false },
        { "unknown user, three answers", true, [(Custom, false), (Custom, false), (Custom, false)], null, false, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task The_decision_follows_the_table(string _, bool userNotFound, (string, bool)[] session, string? challenge, bool issueTokens, bool fail)
    {
        var reply = await host.HandleAsync(Events.Define(userNotFound, session));

        var response = reply["response"]!;
        Assert.Equal(challenge, response["challengeName"]?.GetValue<string>());
        Assert.Equal(issueTokens, response["issueTokens"]!.GetValue<bool>());
        Assert.Equal(fail, response["failAuthentication"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_attempt_limit_comes_from_Challenge__MaxAttempts()
    {
        using var strict = new LambdaHarness(CognitoTrigger.DefineAuthChallenge, new Dictionary<string, string?> { ["Challenge:MaxAttempts"] = "1" });

        var reply = await strict.HandleAsync(Events.Define(false, (Custom, false)));

        Assert.True(reply["response"]!["failAuthentication"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_counts_the_attempt()
    {
        using var create = new LambdaHarness(CognitoTrigger.CreateAuthChallenge);

        var reply = await create.HandleAsync(Events.Create(previousAnswers: 2));

        Assert.Equal("3", reply["response"]!["publicChallengeParameters"]!["attempt"]!.GetValue<string>());
    }
}
