using CsCheck;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SfCognitoSso.Contracts;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// The validator's public contract (HTTP API, statuses, problem codes, limits), one table run against every
/// validator host. Salesforce is a stub org on loopback; the directory is in memory unless a case says otherwise.
/// Every host's logs are checked for the session on dispose.
/// </summary>
public abstract class ValidatorContract : IDisposable
{
    /// <summary>Per validator host and run; with the trigger fuzzing, well over 10,000 generated inputs per CI run.</summary>
    public const int FuzzedBodies = 2_000;

    private readonly List<IValidatorHost> hosts = [];

    protected SalesforceStub Salesforce { get; } = new();

    /// <summary>A deployable host signs tickets only with <c>Ticket__SigningKey</c>; the local stack makes a key per run.</summary>
    protected virtual bool TicketsOnByDefault => false;

    /// <summary>Starts the host under test with these settings (<c>Section:Key</c>) added to the defaults.</summary>
    protected abstract IValidatorHost CreateHost(IReadOnlyDictionary<string, string?> settings);

    protected IValidatorHost Start(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "InMemory",
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = Salesforce.Url,
            ["Salesforce:Orgs:0:CanvasConsumerSecret"] = CanvasRequestBuilder.ConsumerSecret,
            // A second trusted org, without a canvas app.
            ["Salesforce:Orgs:1:OrgId"] = "00D5g000004OtHr",
            ["Salesforce:Orgs:1:InstanceUrl"] = Salesforce.Url,
            ["Cache:TtlSeconds"] = "0",
            ["RateLimit:PermitPerMinute"] = "1000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = CreateHost(settings);
        hosts.Add(host);
        return host;
    }

    public void Dispose()
    {
        try
        {
            foreach (var host in hosts)
            {
                SecretAssert.NoneIn(host.Logs, Samples.Session, Samples.OtherUserSession);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }

            Salesforce.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    protected void SalesforceKnowsTheUser(bool active = true, string? email = Samples.Email) =>
        Salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser(isActive: active, email: email));

    [Fact]
    public async Task A_new_user_gets_200_with_username_email_and_created_true()
    {
        SalesforceKnowsTheUser();
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.Equal(Samples.Email, response.Json["email"]!.GetValue<string>());
        Assert.True(response.Json["created"]!.GetValue<bool>());
    }

    [Fact]
    public async Task With_a_signing_key_the_answer_carries_a_ticket_for_this_session_and_user_and_without_one_none()
    {
        SalesforceKnowsTheUser();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var signing = Start(new Dictionary<string, string?> { ["Ticket:SigningKey"] = key.ExportPkcs8PrivateKeyPem() });
        var plain = Start();

        var withTicket = await signing.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));
        var withoutTicket = await plain.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal((200, 200), (withTicket.Status, withoutTicket.Status));
        Assert.Equal(!TicketsOnByDefault, withoutTicket.Json!["ticket"] is null);
        var ticket = withTicket.Json!["ticket"]!.GetValue<string>();
        var checkedTicket = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(ticket, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            IssuerSigningKey = new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(key),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(checkedTicket.IsValid, checkedTicket.Exception?.Message);
        var token = (Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)checkedTicket.SecurityToken;
        Assert.Equal(Samples.Username, token.GetPayloadValue<string>("username"));
        Assert.Equal(Samples.UserId18, token.GetPayloadValue<string>("user_id"));
        Assert.Equal(Samples.OrgId18, token.GetPayloadValue<string>("org_id"));
        Assert.True(token.GetPayloadValue<long>("exp") - token.GetPayloadValue<long>("iat") <= 60);
        Assert.DoesNotContain(Samples.SessionToken, token.EncodedPayload, StringComparison.Ordinal);
        SecretAssert.NoneIn(signing.Logs, ticket);
    }

    [Fact]
    public async Task A_returning_user_gets_200_with_created_false()
    {
        SalesforceKnowsTheUser();
        var host = Start();
        await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal(200, response.Status);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.False(response.Json["created"]!.GetValue<bool>());
    }

    /// <summary>Asserts a problem answer: status, content type, code, and no session in the body.</summary>
    protected static void AssertProblem(ValidatorResponse response, int status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(code, response.Code);
        Assert.Equal(status, response.Json!["status"]!.GetValue<int>());
        Assert.DoesNotContain(Samples.SessionToken, response.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "malformed JSON", "application/json", "{\"sessionId\": " },
        { "empty body", "application/json", "" },
        { "JSON array", "application/json", "[\"" + Samples.Session + "\"]" },
        { "session as a number", "application/json", "{\"sessionId\": 42}" },
        { "no session", "application/json", "{\"session\": \"x\"}" },
        { "session without org prefix", "application/json", "{\"sessionId\": \"AQ4AQnotAsession\"}" },
        { "control character", "application/json", "{\"sessionId\": \"" + Samples.OrgId15 + "!AQ\\u0000x\"}" },
        { "wrong content type", "text/plain", "{\"sessionId\": \"" + Samples.Session + "\"}" },
        { "form content type", "application/x-www-form-urlencoded", "sessionId=" + Samples.Session },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
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

    private static ValidatorRequest Canvas(string signedRequest) =>
        ValidatorRequest.Validate(new JsonObject { ["signedRequest"] = signedRequest }.ToJsonString());

    [Fact]
    public async Task A_canvas_signed_request_signs_its_user_in_with_the_token_it_carries()
    {
        SalesforceKnowsTheUser();
        var host = Start();
        var signed = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url));

        var response = await host.SendAsync(Canvas(signed));

        Assert.True(response.Status == 200, response.Body);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.Single(Salesforce.Requests);
        SecretAssert.NoneIn(host.Logs, signed);
    }

    public static TheoryData<string, int, string> RefusedCanvasRequests => new()
    {
        { "tampered", 401, "canvas_signature_invalid" },
        { "signed with another secret", 401, "canvas_signature_invalid" },
        { "another algorithm", 401, "canvas_signature_invalid" },
        { "unsigned", 400, "invalid_request" },
        { "not base64", 400, "invalid_request" },
        { "untrusted org", 403, "org_not_allowed" },
        { "trusted org without a canvas app", 401, "canvas_not_configured" },
        { "another instance", 403, "org_not_allowed" },
        { "a token of another org", 401, "invalid_session" },
    };

    [Theory]
    [MemberData(nameof(RefusedCanvasRequests))]
    public async Task A_canvas_signed_request_that_does_not_hold_is_refused_before_any_call(string kind, int status, string code)
    {
        var host = Start();
        var envelope = CanvasRequestBuilder.Envelope(Salesforce.Url);
        var signed = kind switch
        {
            "tampered" => CanvasRequestBuilder.Tampered(CanvasRequestBuilder.Sign(envelope)),
            "signed with another secret" => CanvasRequestBuilder.Sign(envelope, "a-secret-that-is-not-the-canvas-apps-one-000000000000000000000"),
            "another algorithm" => CanvasRequestBuilder.Sign(Changed(envelope, json => json["algorithm"] = "HMACSHA1")),
            "unsigned" => CanvasRequestBuilder.Sign(envelope).Split('.')[1],
            "not base64" => "%%%." + CanvasRequestBuilder.Sign(envelope).Split('.')[1],
            "untrusted org" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, Samples.UntrustedOrgSession, orgId: Samples.UntrustedOrgId15)),
            "trusted org without a canvas app" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, "00D5g000004OtHr!AQ4AQOtherOrgToken", orgId: "00D5g000004OtHr")),
            "another instance" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope("https://attacker.example.com")),
            _ => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, Samples.UntrustedOrgSession)),
        };

        var response = await host.SendAsync(Canvas(signed));

        AssertProblem(response, status, code);
        Assert.Empty(Salesforce.Requests);
        Assert.DoesNotContain(signed, response.Body, StringComparison.Ordinal);
        SecretAssert.NoneIn(host.Logs, signed);
    }

    [Fact]
    public async Task A_canvas_request_naming_another_user_than_salesforce_does_is_refused()
    {
        SalesforceKnowsTheUser();
        var host = Start();

        var response = await host.SendAsync(Canvas(CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, userId: Samples.OtherUserId18))));

        AssertProblem(response, 401, "invalid_session");
    }

    [Fact]
    public async Task An_oversized_canvas_request_or_one_beside_a_session_is_refused()
    {
        var host = Start();
        var huge = CanvasRequestBuilder.Sign(Changed(CanvasRequestBuilder.Envelope(Salesforce.Url), json => json["padding"] = new string('x', 9000)));

        var tooLarge = await host.SendAsync(Canvas(huge));
        var both = await host.SendAsync(ValidatorRequest.Validate(new JsonObject
        {
            ["sessionId"] = Samples.Session,
            ["signedRequest"] = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url)),
        }.ToJsonString()));

        AssertProblem(tooLarge, 413, "payload_too_large");
        AssertProblem(both, 400, "invalid_request");
        Assert.Empty(Salesforce.Requests);
    }

    private static JsonObject Changed(JsonObject envelope, Action<JsonObject> change)
    {
        change(envelope);
        return envelope;
    }

    [Fact]
    public async Task Healthz_answers_200()
    {
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("GET", "/healthz"));

        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoint_and_its_errors()
    {
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("GET", ValidatorRoutes.OpenApi));

        Assert.Equal(200, response.Status);
        var operation = response.Json!["paths"]!["/v1/sessions/validate"]!["post"]!;
        Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]);
        foreach (var status in new[] { "200", "400", "401", "403", "409", "413", "429", "502", "503" })
        {
            Assert.NotNull(operation["responses"]![status]);
        }

        Assert.Contains("salesforce_unavailable", response.Json["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
