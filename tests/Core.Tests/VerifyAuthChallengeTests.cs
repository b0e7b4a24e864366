using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class VerifyAuthChallengeTests : IDisposable
{
    private static readonly DirectoryUser SampleUser = IdentityMapping.NewUser(Samples.Identity);

    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    private static ValueTask<AnswerVerdict> Verify(
        CoreHarness harness,
        string? answer,
        DirectoryUser? user = null,
        bool userNotFound = false) =>
        harness.Mediator.Send(new VerifyAuthChallenge(user ?? SampleUser, new SalesforceSession(answer), userNotFound));

    [Fact]
    public async Task A_live_session_of_the_user_signing_in_is_a_right_answer()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var verdict = await Verify(core, Samples.Session);

        Assert.True(verdict.AnswerCorrect);
    }

    [Fact]
    public async Task A_live_session_of_another_user_is_a_wrong_answer()
    {
        core.Salesforce.Accept(Samples.OtherUserSession, Samples.OtherUser);

        var verdict = await Verify(core, Samples.OtherUserSession);

        Assert.False(verdict.AnswerCorrect);
    }

    [Fact]
    public async Task A_session_salesforce_rejects_is_a_wrong_answer()
    {
        var verdict = await Verify(core, Samples.Session);

        Assert.False(verdict.AnswerCorrect);
        Assert.Equal(RefusalReason.InvalidSession, verdict.Refusal?.Reason);
    }

    [Fact]
    public async Task An_unknown_user_gets_a_wrong_answer_after_the_same_salesforce_check_as_a_known_one()
    {
        // Finding 8: answering an unknown user at once, without the Salesforce call a known user costs, told an
        // attacker by the time taken which usernames exist.
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var verdict = await Verify(core, Samples.Session, userNotFound: true);

        Assert.False(verdict.AnswerCorrect);
        Assert.Equal(1, core.Salesforce.Calls);
    }

    [Fact]
    public async Task An_untrusted_org_is_a_wrong_answer_without_a_salesforce_call()
    {
        var verdict = await Verify(core, Samples.UntrustedOrgSession);

        Assert.False(verdict.AnswerCorrect);
        Assert.Equal(RefusalReason.OrgNotAllowed, verdict.Refusal?.Reason);
        Assert.Equal(0, core.Salesforce.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a session")]
    public async Task A_malformed_answer_is_a_wrong_answer_without_a_salesforce_call(string? answer)
    {
        var verdict = await Verify(core, answer);

        Assert.False(verdict.AnswerCorrect);
        Assert.Equal(0, core.Salesforce.Calls);
    }

    [Fact]
    public async Task An_inactive_user_is_a_wrong_answer()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { IsActive = false });

        Assert.False((await Verify(core, Samples.Session)).AnswerCorrect);
    }

    [Fact]
    public async Task Salesforce_being_down_is_a_wrong_answer()
    {
        core.Salesforce.Outage = Refusal.SalesforceUnavailable;

        Assert.False((await Verify(core, Samples.Session)).AnswerCorrect);
    }

    [Fact]
    public async Task Any_fault_is_a_wrong_answer_not_an_exception()
    {
        core.Salesforce.Fault = () => new HttpRequestException("connection reset");

        var verdict = await Verify(core, Samples.Session);

        Assert.False(verdict.AnswerCorrect);
    }

    [Fact]
    public async Task Email_mode_matches_the_email_ignoring_case()
    {
        using var emailMode = new CoreHarness(new Dictionary<string, string?> { ["Identity:Key"] = "Email" });
        emailMode.Salesforce.Accept(Samples.Session, Samples.Identity);
        var googleUser = new DirectoryUser("Google_1234567890", "SUPPORT@backflipt.com", EmailVerified: true, SalesforceOrgId: null, SalesforceUserId: null);

        var verdict = await Verify(emailMode, Samples.Session, user: googleUser);

        Assert.True(verdict.AnswerCorrect);
    }

    [Fact]
    public async Task Email_mode_refuses_a_user_with_another_email()
    {
        using var emailMode = new CoreHarness(new Dictionary<string, string?> { ["Identity:Key"] = "Email" });
        emailMode.Salesforce.Accept(Samples.Session, Samples.Identity);
        var otherUser = SampleUser with { Email = "someone.else@backflipt.com" };

        var verdict = await Verify(emailMode, Samples.Session, user: otherUser);

        Assert.False(verdict.AnswerCorrect);
    }

    [Fact]
    public async Task Salesforce_user_id_mode_ignores_a_matching_email_on_another_username()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var verdict = await Verify(core, Samples.Session, user: SampleUser with { Username = "Google_1234567890" });

        Assert.False(verdict.AnswerCorrect);
    }
}
