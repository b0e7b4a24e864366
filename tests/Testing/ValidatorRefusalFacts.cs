using System.Diagnostics;
using System.Text.Json.Nodes;
using CsCheck;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The validator contract: every refusal a session can meet, each a problem with its status and stable code, none reaching Salesforce when it need not, none ever a 500.</summary>
public abstract class RefusalFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
{
    [Theory]
    [MemberData(nameof(ValidatorCases.BadRequests), MemberType = typeof(ValidatorCases))]
    public async Task Bad_input_is_a_400_invalid_request_and_reaches_no_one(string _, string contentType, string body)
    {
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.Validate(body, contentType));

        AssertProblem(response, 400, "invalid_request");
        Assert.Empty(Salesforce.Requests);
    }

    [Fact]
    public async Task A_missing_content_type_is_a_400()
    {
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("POST", "/v1/sessions/validate", null, "{}"u8.ToArray()));

        AssertProblem(response, 400, "invalid_request");
    }

    [Fact]
    public async Task A_session_salesforce_rejects_is_a_401_invalid_session()
    {
        Salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, WireData.Read("salesforce/salesforce-error-invalid-session-401.json"));
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        AssertProblem(response, 401, "invalid_session");
        Assert.DoesNotContain("Session expired", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_org_is_a_403_org_not_allowed_with_no_salesforce_call()
    {
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession));

        AssertProblem(response, 403, "org_not_allowed");
        Assert.Empty(Salesforce.Requests);
    }

    [Fact]
    public async Task An_inactive_user_is_a_403_user_inactive()
    {
        SalesforceKnowsTheUser(active: false);
        var host = Start();

        AssertProblem(await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session)), 403, "user_inactive");
    }

    [Fact]
    public async Task A_user_without_email_is_a_403_email_missing()
    {
        SalesforceKnowsTheUser(email: null);
        var host = Start();

        AssertProblem(await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session)), 403, "email_missing");
    }

    [Fact]
    public async Task Salesforce_failing_is_a_502_salesforce_unavailable()
    {
        Salesforce.AnswerAll(SalesforceStub.ChatterPath, 500, "An unexpected error occurred.");
        var host = Start();

        AssertProblem(await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session)), 502, "salesforce_unavailable");
    }

    [Fact]
    public async Task Salesforce_hanging_is_a_502_long_before_the_hang_ends()
    {
        // The 4-second budget's own figure is a benchmark matter; here it must only cut a 30-second hang short, with a
        // bound loose enough for a loaded CI machine running every test project at once.
        Salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(), delay: TimeSpan.FromSeconds(30));
        var host = Start();

        var clock = Stopwatch.StartNew();
        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        AssertProblem(response, 502, "salesforce_unavailable");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_a_client_supplied_instance_is_never_contacted()
    {
        SalesforceKnowsTheUser();
        using var attacker = new SalesforceStub();
        attacker.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.Validate(new JsonObject
        {
            ["sessionId"] = Samples.Session,
            ["instanceUrl"] = attacker.Url,
            ["salesforceUrl"] = attacker.Url,
        }.ToJsonString()));

        Assert.Equal(200, response.Status);
        Assert.Single(Salesforce.Requests);
        Assert.Empty(attacker.Requests);
    }

    [Fact]
    public async Task Generated_hostile_bodies_never_get_a_500_and_every_refusal_has_a_code()
    {
        Salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, "[]");
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1000000" });
        var bodies = Gen.Frequency(
            (3, FuzzInputs.Bytes(FuzzInputs.Members(2).Select(json => (JsonNode?)json))),
            (2, FuzzInputs.Bytes(FuzzInputs.Value(3))),
            (1, Gen.Byte.Array[0, 200]));
        var contentTypes = Gen.OneOf("application/json", "application/json; charset=utf-8", "text/plain", "application/problem+json", "");
        var sent = 0;

        await Gen.Select(bodies, contentTypes).SampleAsync(
            async (body, contentType) =>
            {
                var response = await host.SendAsync(new ValidatorRequest("POST", "/v1/sessions/validate", contentType, body));
                Interlocked.Increment(ref sent);
                Assert.NotEqual(500, response.Status);
                if (response.Status != 200)
                {
                    Assert.False(string.IsNullOrEmpty(response.Code), $"HTTP {response.Status} without a code");
                }
            },
            iter: FuzzedBodies,
            threads: 1);

        Assert.Equal(FuzzedBodies, sent);
    }
}
