using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>Malformed sessions are refused by the validation behavior before any handler or port runs.</summary>
public sealed class SessionValidationRulesTests : IDisposable
{
    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    public static TheoryData<string?, string> MalformedSessions => new()
    {
        { null, "required" },
        { "", "required" },
        { Samples.OrgId15 + "!" + new string('A', Contracts.ValidatorRoutes.MaxSessionIdLength), "longer than 1024" },
        { Samples.OrgId15 + "AQ4AQtokenWithoutSeparator", "org ID followed by '!'" },
        { Samples.OrgId15 + "!AQ4AQ\ttab", "control" },
        { Samples.OrgId15 + "!AQ4AQ\u0000nul", "control" },
        { Samples.OrgId15 + "!AQ4AQ token", "spaces" },
        { Samples.OrgId15 + "!AQ4AQ\u00e9t\u00e9", "non-ASCII" },
        { "00D6g000006wre!AQ4AQtoken", "org ID followed by '!'" },
        { "0056g0000049jc6!AQ4AQtoken", "org ID followed by '!'" },
    };

    [Theory]
    [MemberData(nameof(MalformedSessions))]
    public async Task A_malformed_session_is_an_invalid_request_and_reaches_no_port(string? session, string reason)
    {
        var result = await core.Mediator.Send(new ValidateSession(new SalesforceSession(session)));

        Assert.Equal(RefusalReason.InvalidRequest, result.Refusal?.Reason);
        Assert.Contains(reason, result.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(0, core.Salesforce.Calls);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task A_session_of_exactly_the_maximum_length_is_accepted_for_checking()
    {
        var longest = Samples.OrgId15 + "!" + new string('A', Contracts.ValidatorRoutes.MaxSessionIdLength - 16);
        Assert.Equal(Contracts.ValidatorRoutes.MaxSessionIdLength, longest.Length);

        var result = await core.Mediator.Send(new ValidateSession(new SalesforceSession(longest)));

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
        Assert.Equal(1, core.Salesforce.Calls);
    }

    [Fact]
    public async Task A_validation_message_never_echoes_the_session()
    {
        var session = Samples.Session + "\u0001";

        var result = await core.Mediator.Send(new ValidateSession(new SalesforceSession(session)));

        Assert.DoesNotContain(Samples.SessionToken, result.Refusal!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.SessionToken, result.ToString(), StringComparison.Ordinal);
    }
}
