using System.Net;
using System.Text.Json.Nodes;
using SfCognitoSso.Contracts;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The validator contract: the request edge both session endpoints share: body limits, rate and concurrency limits, CORS.</summary>
public abstract class EdgeFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
{
    [Fact]
    public async Task A_body_over_8_KiB_without_a_declared_length_is_a_413_too()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["sessionId"] = Samples.Session, ["padding"] = new string('x', 9000) }.ToJsonString());
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("POST", "/v1/sessions/validate", "application/json", body, DeclareLength: false));

        AssertProblem(response, 413, "payload_too_large");
        Assert.Empty(Salesforce.Requests);
    }

    [Fact]
    public async Task A_body_over_8_KiB_is_a_413_payload_too_large()
    {
        var host = Start();
        var padding = new string('x', 9 * 1024);

        var response = await host.SendAsync(ValidatorRequest.Validate($$"""{"sessionId":"{{Samples.Session}}","padding":"{{padding}}"}"""));

        AssertProblem(response, 413, "payload_too_large");
        Assert.Empty(Salesforce.Requests);
    }

    // Clients live at 127.0.113.x: every 127/8 address is this machine's, so a host running as a server is reached
    // from that source address, and an in-process host is handed it as the connection's address.
    [Fact]
    public async Task Past_the_permit_a_client_gets_429_with_retry_after()
    {
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "2" });
        var client = IPAddress.Parse("127.0.113.7");

        var first = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client));
        var second = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client));
        var third = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client));
        var otherClient = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("127.0.113.8")));

        Assert.Equal([403, 403], [first.Status, second.Status]);
        AssertProblem(third, 429, "rate_limited");
        Assert.True(int.Parse(third.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal(403, otherClient.Status);
    }

    [Fact]
    public async Task Past_max_concurrent_validations_a_request_gets_503_server_busy_at_once()
    {
        // The first validation is held at Salesforce until the second has been answered: no timing involved.
        using var release = new ManualResetEventSlim();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Salesforce.HoldAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(), release, arrived);
        var host = Start(new Dictionary<string, string?> { ["RateLimit:MaxConcurrent"] = "1" });

        var slow = host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session, IPAddress.Parse("127.0.113.1")));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var busy = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session, IPAddress.Parse("127.0.113.2")));
        release.Set();

        AssertProblem(busy, 503, "server_busy");
        Assert.Equal("1", busy.Headers["Retry-After"]);
        Assert.Equal(200, (await slow).Status);
    }

    [Fact]
    public async Task An_allowed_origin_gets_a_preflight_and_cors_headers_on_answers_and_refusals()
    {
        SalesforceKnowsTheUser();
        const string origin = "https://acme.lightning.force.com";
        var host = Start(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = origin });
        var fromPage = new Dictionary<string, string> { ["Origin"] = origin };

        var preflight = await host.SendAsync(new ValidatorRequest("OPTIONS", "/v1/sessions/validate", Headers: new Dictionary<string, string>
        {
            ["Origin"] = origin,
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type",
        }));
        var answer = await host.SendAsync(ValidatorRequest.Validate(new JsonObject { ["sessionId"] = Samples.Session }.ToJsonString(), headers: fromPage));
        var refusal = await host.SendAsync(ValidatorRequest.Validate("not json", headers: fromPage));

        Assert.Equal(204, preflight.Status);
        Assert.Equal(origin, preflight.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("POST", preflight.Headers["Access-Control-Allow-Methods"]);
        Assert.Contains("Content-Type", preflight.Headers["Access-Control-Allow-Headers"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal((200, origin), (answer.Status, answer.Headers["Access-Control-Allow-Origin"]));
        Assert.Equal((400, origin), (refusal.Status, refusal.Headers["Access-Control-Allow-Origin"]));
    }

    [Fact]
    public async Task Another_origin_and_the_default_get_no_cors_headers()
    {
        SalesforceKnowsTheUser();
        var configured = Start(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://acme.lightning.force.com" });
        var unconfigured = Start();
        var fromElsewhere = new Dictionary<string, string> { ["Origin"] = "https://evil.example" };
        var body = new JsonObject { ["sessionId"] = Samples.Session }.ToJsonString();

        var preflight = await configured.SendAsync(new ValidatorRequest("OPTIONS", "/v1/sessions/validate", Headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://evil.example",
            ["Access-Control-Request-Method"] = "POST",
        }));
        var other = await configured.SendAsync(ValidatorRequest.Validate(body, headers: fromElsewhere));
        var byDefault = await unconfigured.SendAsync(ValidatorRequest.Validate(body, headers: fromElsewhere));

        Assert.DoesNotContain(preflight.Headers.Keys, name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(200, other.Status);
        Assert.DoesNotContain(other.Headers.Keys, name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(byDefault.Headers.Keys, name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task With_the_exchange_on_an_allowed_origin_gets_its_preflight_and_a_wrong_grant_is_refused_before_any_call()
    {
        const string origin = "https://acme.lightning.force.com";
        var host = Start(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Cognito",
            ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
            ["Cognito:ServiceUrl"] = Loopback.ClosedUrl(),
            ["Exchange:ClientId"] = "exchangeclient",
            ["Cors:AllowedOrigins:0"] = origin,
        });

        var preflight = await host.SendAsync(new ValidatorRequest("OPTIONS", "/oauth2/token", Headers: new Dictionary<string, string>
        {
            ["Origin"] = origin,
            ["Access-Control-Request-Method"] = "POST",
        }));
        var wrongGrant = await host.SendAsync(new ValidatorRequest("POST", "/oauth2/token", "application/x-www-form-urlencoded",
            System.Text.Encoding.UTF8.GetBytes("grant_type=password&subject_token=" + Uri.EscapeDataString(Samples.Session)),
            Headers: new Dictionary<string, string> { ["Origin"] = origin }));

        Assert.Equal(204, preflight.Status);
        Assert.Equal(origin, preflight.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("POST", preflight.Headers["Access-Control-Allow-Methods"]);
        Assert.Equal(400, wrongGrant.Status);
        Assert.Equal("unsupported_grant_type", wrongGrant.Json!["error"]!.GetValue<string>());
        Assert.Equal(origin, wrongGrant.Headers["Access-Control-Allow-Origin"]);
        Assert.Empty(Salesforce.Requests);
    }

    [Fact]
    public async Task Both_session_endpoints_share_one_edge_and_refuse_in_their_own_format()
    {
        var host = Start(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Cognito",
            ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
            ["Cognito:ServiceUrl"] = Loopback.ClosedUrl(),
            ["Exchange:ClientId"] = "exchangeclient",
        });
        var form = System.Text.Encoding.UTF8.GetBytes("grant_type=" + Uri.EscapeDataString("urn:ietf:params:oauth:grant-type:token-exchange")
            + "&subject_token=" + Uri.EscapeDataString(Samples.Session));
        var tooLarge = new byte[ValidatorRoutes.MaxBodyBytes + 1];

        var exchangeAsJson = await host.SendAsync(new ValidatorRequest("POST", "/oauth2/token", "application/json", form));
        var exchangeTooLarge = await host.SendAsync(new ValidatorRequest("POST", "/oauth2/token", "application/x-www-form-urlencoded; charset=utf-8", tooLarge));
        var validateAsForm = await host.SendAsync(new ValidatorRequest("POST", "/v1/sessions/validate", "application/x-www-form-urlencoded", form));
        var validateTooLarge = await host.SendAsync(ValidatorRequest.Validate(System.Text.Encoding.UTF8.GetString(tooLarge)));

        Assert.Equal((400, "invalid_request"), (exchangeAsJson.Status, exchangeAsJson.Json!["error"]!.GetValue<string>()));
        Assert.Equal("The body must be application/x-www-form-urlencoded.", exchangeAsJson.Json["error_description"]!.GetValue<string>());
        Assert.Equal((413, "invalid_request"), (exchangeTooLarge.Status, exchangeTooLarge.Json!["error"]!.GetValue<string>()));
        AssertProblem(validateAsForm, 400, "invalid_request");
        AssertProblem(validateTooLarge, 413, "payload_too_large");
        Assert.Empty(Salesforce.Requests);
    }
}
