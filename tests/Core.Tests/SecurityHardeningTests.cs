using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>Findings 1, 3, 5 and 9 of the security review, in the Core's flows.</summary>
public sealed class SecurityHardeningTests : IDisposable
{
    private static readonly Dictionary<string, string?> EmailMode = new() { ["Identity:Key"] = "Email" };

    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    private static ValueTask<ValidateSessionResult> Validate(CoreHarness harness, string session) =>
        harness.Mediator.Send(new ValidateSession(new SalesforceSession(session)));

    private static ValueTask<AnswerVerdict> Verify(CoreHarness harness, string session, DirectoryUser user) =>
        harness.Mediator.Send(new VerifyAuthChallenge(user, new SalesforceSession(session), UserNotFound: false));

    [Fact]
    public async Task Email_mode_refuses_an_address_salesforce_does_not_report_verified_and_links_nothing()
    {
        using var emailMode = new CoreHarness(EmailMode);
        emailMode.Users.Add(new DirectoryUser("victim", Samples.Email, EmailVerified: true, SalesforceOrgId: null, SalesforceUserId: null));
        emailMode.Salesforce.Accept(Samples.Session, Samples.Identity with { EmailVerified = false });

        var result = await Validate(emailMode, Samples.Session);

        Assert.Equal(RefusalReason.EmailUnverified, result.Refusal?.Reason);
        Assert.Single(emailMode.Users.ListUsers());
    }

    [Fact]
    public async Task Email_mode_verify_needs_a_verified_cognito_address_of_the_same_org()
    {
        using var emailMode = new CoreHarness(EmailMode);
        emailMode.Salesforce.Accept(Samples.Session, Samples.Identity);
        var sameAddress = new DirectoryUser("linked", Samples.Email.ToUpperInvariant(), EmailVerified: true, SalesforceId.Parse(Samples.OrgId18), null);

        Assert.True((await Verify(emailMode, Samples.Session, sameAddress)).AnswerCorrect);
        Assert.False((await Verify(emailMode, Samples.Session, sameAddress with { EmailVerified = false })).AnswerCorrect);
        Assert.False((await Verify(emailMode, Samples.Session, sameAddress with { SalesforceOrgId = SalesforceId.Parse("00D000000000001") })).AnswerCorrect);
    }

    [Fact]
    public async Task Email_mode_refuses_a_second_user_of_the_org_with_the_same_verified_address_and_touches_nothing()
    {
        // Review round three, finding 1: the first user's account, recorded with their Salesforce user ID.
        using var emailMode = new CoreHarness(EmailMode);
        var first = IdentityMapping.NewUser(Samples.Identity);
        emailMode.Users.Add(first);
        emailMode.Salesforce.Accept(Samples.OtherUserSession, Samples.OtherUser with { Email = Samples.Email, EmailVerified = true });

        var result = await Validate(emailMode, Samples.OtherUserSession);

        Assert.Equal(RefusalReason.IdentityConflict, result.Refusal?.Reason);
        Assert.Equal(first, Assert.Single(emailMode.Users.ListUsers()));
    }

    [Fact]
    public async Task Email_mode_verify_refuses_a_user_whose_recorded_salesforce_user_is_another()
    {
        using var emailMode = new CoreHarness(EmailMode);
        emailMode.Salesforce.Accept(Samples.OtherUserSession, Samples.OtherUser with { Email = Samples.Email, EmailVerified = true });
        var first = IdentityMapping.NewUser(Samples.Identity);

        Assert.False((await Verify(emailMode, Samples.OtherUserSession, first)).AnswerCorrect);
        Assert.True((await Verify(emailMode, Samples.OtherUserSession, first with { SalesforceUserId = null })).AnswerCorrect);
    }

    [Theory]
    [InlineData(Samples.OrgId18, Samples.OtherUserId18, true)]
    [InlineData("00D000000000001", Samples.UserId18, true)]
    [InlineData(null, null, true)]
    [InlineData(Samples.OrgId18, Samples.UserId18, false)]
    public async Task A_squatted_or_unconfirmed_user_with_our_name_is_an_identity_conflict_and_is_not_touched(
        string? orgId, string? userId, bool confirmed)
    {
        var squatter = new DirectoryUser(
            Samples.Username, "attacker@example.com", EmailVerified: false,
            orgId is null ? null : SalesforceId.Parse(orgId), userId is null ? null : SalesforceId.Parse(userId), Confirmed: confirmed);
        core.Users.Add(squatter);
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var result = await Validate(core, Samples.Session);

        Assert.Equal(RefusalReason.IdentityConflict, result.Refusal?.Reason);
        Assert.Equal(squatter, core.Users.FindByUsername(Samples.Username));
    }

    [Fact]
    public async Task Verify_refuses_a_user_with_our_name_whose_recorded_salesforce_user_differs()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);
        var ours = IdentityMapping.NewUser(Samples.Identity);

        Assert.True((await Verify(core, Samples.Session, ours)).AnswerCorrect);
        Assert.False((await Verify(core, Samples.Session, ours with { SalesforceUserId = SalesforceId.Parse(Samples.OtherUserId18) })).AnswerCorrect);
    }

    [Theory]
    [InlineData("Guest")]
    [InlineData("GUEST")]
    [InlineData("CspLitePortal")]
    [InlineData(null)]
    public async Task Guest_portal_and_unknown_user_types_are_refused_by_default(string? userType)
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { UserType = userType });

        var result = await Validate(core, Samples.Session);

        Assert.Equal(RefusalReason.UserTypeNotAllowed, result.Refusal?.Reason);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task An_address_salesforce_does_not_vouch_for_is_stored_unverified()
    {
        // Chatter never says an address is verified; the Cognito user, and so the ID token, must not claim it is.
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { EmailVerified = false });

        var result = await Validate(core, Samples.Session);

        Assert.True(result.Succeeded);
        Assert.False(core.Users.FindByUsername(Samples.Username)!.EmailVerified);
    }
}
