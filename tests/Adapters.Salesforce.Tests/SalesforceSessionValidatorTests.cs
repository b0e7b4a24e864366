using System.Diagnostics;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

public sealed class SalesforceSessionValidatorTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    public static TheoryData<SalesforceEndpoint> Endpoints => [SalesforceEndpoint.ChatterUsersMe, SalesforceEndpoint.UserInfo];

    private static string PathOf(SalesforceEndpoint endpoint) =>
        endpoint == SalesforceEndpoint.UserInfo ? SalesforceStub.UserInfoPath : SalesforceStub.ChatterPath;

    private static string UserBody(SalesforceEndpoint endpoint) =>
        endpoint == SalesforceEndpoint.UserInfo
            ? WireData.Read("salesforce/salesforce-userinfo-response__vmware-connectors-workspace-one.json")
            : SalesforceStub.ChatterUser();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_valid_session_maps_to_the_salesforce_identity(SalesforceEndpoint endpoint)
    {
        salesforce.Answer(PathOf(endpoint), Samples.Session, 200, UserBody(endpoint));
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Null(result.Refusal);
        Assert.Equal(Samples.OrgId18, result.Identity!.OrgId.Value);
        Assert.Equal(Samples.UserId18, result.Identity.UserId.Value);
        Assert.Equal(Samples.Email, result.Identity.Email);
        Assert.True(result.Identity.IsActive);
        Assert.Equal(endpoint == SalesforceEndpoint.UserInfo, result.Identity.EmailVerified);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_session_goes_only_in_the_bearer_header_of_one_get_to_the_configured_instance(SalesforceEndpoint endpoint)
    {
        salesforce.Answer(PathOf(endpoint), Samples.Session, 200, UserBody(endpoint));
        using var harness = new SalesforceHarness(salesforce, endpoint);

        await harness.ValidateAsync(Samples.Session);

        var request = Assert.Single(salesforce.Requests).RequestMessage;
        Assert.Equal("GET", request.Method);
        Assert.Equal(PathOf(endpoint), request.Path);
        Assert.Equal($"Bearer {Samples.Session}", request.Headers!["Authorization"].Single());
        Assert.Contains("application/json", request.Headers["Accept"].Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.SessionToken, request.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_version_comes_from_configuration()
    {
        salesforce.AnswerAll("/services/data/v60.0/chatter/users/me", 200, SalesforceStub.ChatterUser());
        using var core = new CoreHarness(
            new Dictionary<string, string?>
            {
                ["Salesforce:Orgs:0:InstanceUrl"] = salesforce.Url,
                ["Salesforce:ApiVersion"] = "v60.0",
                ["Cache:TtlSeconds"] = "0",
            },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var result = await core.Get<Core.Sessions.ISessionValidator>()
            .ValidateAsync(new Core.Sessions.SalesforceSession(Samples.Session), core.OrgOf(Samples.Session)!, CancellationToken.None);

        Assert.Null(result.Refusal);
    }

    public static TheoryData<SalesforceEndpoint, int, string, string> InvalidSessionAnswers => new()
    {
        { SalesforceEndpoint.ChatterUsersMe, 401, WireData.Read("salesforce/salesforce-error-invalid-session-401.json"), "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, 401, """[{"message":"This session is not valid for use with the REST API","errorCode":"INVALID_SESSION_ID"}]""", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, 403, """[{"message":"The REST API is not enabled for this Organization.","errorCode":"API_DISABLED_FOR_ORG"}]""", "application/json" },
        { SalesforceEndpoint.UserInfo, 403, "Bad_OAuth_Token", "text/plain" },
        { SalesforceEndpoint.UserInfo, 401, "Missing_OAuth_Token", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(InvalidSessionAnswers))]
    public async Task A_rejected_session_is_invalid_and_never_retried(SalesforceEndpoint endpoint, int status, string body, string contentType)
    {
        salesforce.AnswerAll(PathOf(endpoint), status, body, contentType);
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
        Assert.Single(salesforce.Requests);
        Assert.DoesNotContain("INVALID_SESSION_ID", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("OAuth", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Request_limit_exceeded_on_403_is_unavailable_and_not_retried(SalesforceEndpoint endpoint)
    {
        salesforce.AnswerAll(PathOf(endpoint), 403, """[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""");
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        Assert.Single(salesforce.Requests);
    }

    [Theory]
    [InlineData(500, "An unexpected error occurred.")]
    [InlineData(502, "<html>Bad gateway</html>")]
    [InlineData(503, """[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""")]
    public async Task A_server_error_is_retried_once_then_unavailable(int status, string body)
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, status, body);
        using var harness = new SalesforceHarness(salesforce);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        Assert.Equal(2, salesforce.Requests.Count);
        Assert.DoesNotContain(body, result.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_transient_failure_is_absorbed_by_the_retry()
    {
        salesforce.FailOnceThenAnswer(SalesforceStub.ChatterPath, 503, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Null(result.Refusal);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    public static TheoryData<SalesforceEndpoint, string, string> UnusableAnswers => new()
    {
        { SalesforceEndpoint.ChatterUsersMe, "<html><body>Please log in</body></html>", "text/html" },
        { SalesforceEndpoint.ChatterUsersMe, "{\"email\":\"a@b.c\",\"isActive\":true}", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, "{\"id\":\"00D6g000006wre4EAA\",\"email\":\"a@b.c\",\"isActive\":true}", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, "{\"id\":\"0056g0000049jc6AAA\",\"email\":\"a@b.c\"}", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, "{\"id\":\"0056g0000049jc6AAA\",\"isActive\":\"yes\"}", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, "null", "application/json" },
        { SalesforceEndpoint.ChatterUsersMe, "", "application/json" },
        { SalesforceEndpoint.UserInfo, "{\"user_id\":\"0056g0000049jc6AAA\",\"email\":\"a@b.c\",\"active\":true}", "application/json" },
        { SalesforceEndpoint.UserInfo, "[1,2,3]", "application/json" },
    };

    [Theory]
    [MemberData(nameof(UnusableAnswers))]
    public async Task A_200_that_is_not_the_expected_json_is_unavailable(SalesforceEndpoint endpoint, string body, string contentType)
    {
        salesforce.AnswerAll(PathOf(endpoint), 200, body, contentType);
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        Assert.Null(result.Identity);
    }

    [Fact]
    public async Task Userinfo_for_another_org_is_reported_with_the_org_salesforce_named_for_core_to_refuse()
    {
        var body = WireData.Read("salesforce/salesforce-userinfo-response__vmware-connectors-workspace-one.json")
            .Replace("00D6g000006wre4EAA", "00D000000000002EAA", StringComparison.Ordinal);
        salesforce.AnswerAll(SalesforceStub.UserInfoPath, 200, body);
        using var harness = new SalesforceHarness(salesforce, SalesforceEndpoint.UserInfo);

        var result = await harness.ValidateAsync(Samples.Session);

        // Core's IdentityAcceptance compares it with the session's org (tested in Core and through every host).
        Assert.Equal("00D000000000002EAA", result.Identity?.OrgId.Value);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_unavailable()
    {
        var padding = new string('x', SalesforceSessionValidator.MaxResponseBytes);
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser().Replace("\"aboutMe\": null", $"\"aboutMe\": \"{padding}\"", StringComparison.Ordinal));
        using var harness = new SalesforceHarness(salesforce);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        using var elsewhere = new SalesforceStub();
        elsewhere.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        salesforce.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(SalesforceStub.ChatterPath).UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(302)
                .WithHeader("Location", elsewhere.Url + SalesforceStub.ChatterPath));
        using var harness = new SalesforceHarness(salesforce);

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable()
    {
        using var harness = new SalesforceHarness(salesforce, instanceUrl: Loopback.ClosedUrl());

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
    }

    [Fact]
    public async Task A_ten_second_hang_is_unavailable_long_before_the_hang_ends()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(), delay: TimeSpan.FromSeconds(30));
        using var harness = new SalesforceHarness(salesforce);

        var clock = Stopwatch.StartNew();
        var result = await harness.ValidateAsync(Samples.Session);
        clock.Stop();

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        // The budget must cut a 30 s hang short; its exact figure is a benchmark matter, not a loaded CI machine's.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task An_org_without_a_configured_instance_makes_no_request()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce);

        var throughCore = await harness.Core.Mediator.Send(
            new Core.Flows.ValidateSession(new Core.Sessions.SalesforceSession(Samples.UntrustedOrgSession)));

        Assert.Equal(RefusalReason.OrgNotAllowed, throughCore.Refusal?.Reason);
        Assert.Empty(salesforce.Requests);
    }

    [Fact]
    public async Task Hosts_named_by_the_session_or_by_salesforces_answer_are_never_contacted()
    {
        using var attacker = new SalesforceStub();
        attacker.AnswerAll(SalesforceStub.UserInfoPath, 200, "{}");
        var sessionNamingAHost = $"{Samples.OrgId15}!{attacker.Url}/services/oauth2/userinfo";
        var body = WireData.Read("salesforce/salesforce-userinfo-response__vmware-connectors-workspace-one.json")
            .Replace("https://bfvmw.my.salesforce.com", attacker.Url, StringComparison.Ordinal);
        salesforce.AnswerAll(SalesforceStub.UserInfoPath, 200, body);
        using var harness = new SalesforceHarness(salesforce, SalesforceEndpoint.UserInfo);

        var result = await harness.ValidateAsync(sessionNamingAHost);

        Assert.Null(result.Refusal);
        Assert.Single(salesforce.Requests);
        Assert.Empty(attacker.Requests);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_inactive_user_is_refused_with_its_own_reason(SalesforceEndpoint endpoint)
    {
        var body = endpoint == SalesforceEndpoint.UserInfo
            ? UserBody(endpoint).Replace("\"active\": true", "\"active\": false", StringComparison.Ordinal)
            : SalesforceStub.ChatterUser(isActive: false);
        salesforce.AnswerAll(PathOf(endpoint), 200, body);
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.Core.Mediator.Send(new Core.Flows.ValidateSession(new Core.Sessions.SalesforceSession(Samples.Session)));

        Assert.Equal(RefusalReason.UserInactive, result.Refusal?.Reason);
        Assert.Empty(harness.Core.Users.ListUsers());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_user_without_email_is_refused_with_its_own_reason(SalesforceEndpoint endpoint)
    {
        var body = endpoint == SalesforceEndpoint.UserInfo
            ? UserBody(endpoint).Replace("\"email\": \"support@backflipt.com\",", string.Empty, StringComparison.Ordinal)
            : SalesforceStub.ChatterUser(email: null);
        salesforce.AnswerAll(PathOf(endpoint), 200, body);
        using var harness = new SalesforceHarness(salesforce, endpoint);

        var result = await harness.Core.Mediator.Send(new Core.Flows.ValidateSession(new Core.Sessions.SalesforceSession(Samples.Session)));

        Assert.Equal(RefusalReason.EmailMissing, result.Refusal?.Reason);
        Assert.Empty(harness.Core.Users.ListUsers());
    }
}
