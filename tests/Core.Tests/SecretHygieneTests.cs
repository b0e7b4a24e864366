using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The session ID is a bearer secret: it must not surface in any log line or result, whatever happens.</summary>
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task No_log_line_from_any_flow_contains_the_session()
    {
        using var core = new CoreHarness();
        core.Salesforce.Accept(Samples.Session, Samples.Identity).Accept(Samples.OtherUserSession, Samples.OtherUser);
        var user = IdentityMapping.NewUser(Samples.Identity);
        var outcomes = new List<object>();

        foreach (var session in new[] { Samples.Session, Samples.OtherUserSession, Samples.UntrustedOrgSession, Samples.Session + "\n" })
        {
            outcomes.Add(await core.Mediator.Send(new ValidateSession(new SalesforceSession(session))));
            outcomes.Add(await core.Mediator.Send(new VerifyAuthChallenge(
                user, new SalesforceSession(session), UserNotFound: false)));
        }

        core.Salesforce.Fault = () => new InvalidOperationException("downstream fault");
        outcomes.Add(await core.Mediator.Send(new VerifyAuthChallenge(
            user, new SalesforceSession(Samples.Session), UserNotFound: false)));
        core.Salesforce.Fault = null;
        core.Salesforce.Outage = Refusal.SalesforceUnavailable;
        outcomes.Add(await core.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session))));

        var logs = core.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        SecretAssert.NoneIn(logs.Select(LogText.Of).Concat(outcomes.Select(outcome => outcome.ToString()!)), Samples.Session, Samples.OtherUserSession);
    }

    [Fact]
    public async Task Refusals_are_logged_with_the_org_and_the_reason()
    {
        using var core = new CoreHarness();

        await core.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.UntrustedOrgSession)));

        var line = Assert.Single(core.Logs.GetSnapshot());
        Assert.Contains("00D000000000001", line.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RefusalReason.OrgNotAllowed), line.Message, StringComparison.Ordinal);
    }
}
