using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>The whole stack in one process: the validator's real Cognito adapter against the emulator, the
/// triggers in-process, the Salesforce stand-in.</summary>
[Collection(RunningStackCollection.Name)]
public sealed class LocalStackTests(RunningStack stack)
{
    [Fact]
    public async Task A_demo_user_signs_in_end_to_end_and_the_tokens_name_their_salesforce_identity()
    {
        var tokens = await stack.SignInAsync(DemoUser.BuiltIn[0].SessionId);

        var id = new JsonWebToken(tokens["IdToken"]!.GetValue<string>());
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SfSsoLocal", id.Issuer);
        Assert.Equal(DemoUser.BuiltIn[0].UserId.Value, id.GetPayloadValue<string>("custom:sf_user_id"));
        Assert.Equal(DemoUser.BuiltIn[0].OrgId.Value, id.GetPayloadValue<string>("custom:sf_org_id"));
        Assert.Equal("alice@example.com", id.GetPayloadValue<string>("email"));
        Assert.False(id.GetPayloadValue<bool>("email_verified")); // Chatter does not say the address was verified
        // Our pre token generation trigger, run by the pool at issue, in version 1 as our Terraform's pool: the ID
        // token only (version 2, the access token too, needs the Essentials tier).
        var access = new JsonWebToken(tokens["AccessToken"]!.GetValue<string>());
        Assert.Equal(DemoUser.BuiltIn[0].UserId.Value, id.GetPayloadValue<string>("sf_user_id"));
        Assert.Equal(DemoUser.BuiltIn[0].OrgId.Value, id.GetPayloadValue<string>("sf_org_id"));
        Assert.False(access.TryGetPayloadValue<string>("sf_org_id", out _));
    }

    [Fact]
    public async Task The_validator_creates_the_user_through_the_real_cognito_adapter_in_the_emulated_pool()
    {
        var (status, body) = await stack.ValidateAsync(DemoUser.BuiltIn[1].SessionId);

        Assert.Equal(200, status);
        Assert.IsType<Adapters.Cognito.CognitoIdentityDirectory>(stack.App.Services.GetRequiredService<IIdentityDirectory>());
        var user = stack.App.Services.GetRequiredService<PoolUsers>().Find(body["username"]!.GetValue<string>());
        Assert.NotNull(user);
        Assert.Equal("bob@example.com", user.Attributes["email"]);
        Assert.Equal(DemoUser.BuiltIn[1].UserId.Value, user.Attributes["custom:sf_user_id"]);
    }

    [Fact]
    public async Task Fifty_concurrent_first_sign_ins_create_one_user()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => stack.ValidateAsync(RunningStack.ConcurrentSession)));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        var username = Assert.Single(answers.Select(answer => answer.Body["username"]!.GetValue<string>()).Distinct());
        Assert.Single(answers, answer => answer.Body["created"]!.GetValue<bool>());
        var (page, _) = stack.App.Services.GetRequiredService<PoolUsers>().List($"email = \"dave@example.com\"", 60, null);
        Assert.Equal(username, Assert.Single(page).Username);
    }

    [Fact]
    public async Task A_wrong_session_as_the_answer_gets_a_new_challenge_from_our_triggers()
    {
        var (_, validated) = await stack.ValidateAsync(DemoUser.BuiltIn[0].SessionId);
        var (_, started) = await stack.CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = validated["username"]!.GetValue<string>() },
        });

        var (status, next) = await stack.CognitoAsync("RespondToAuthChallenge", new JsonObject
        {
            ["ClientId"] = "sfssolocal",
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = started["Session"]!.GetValue<string>(),
            ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = validated["username"]!.GetValue<string>(), ["ANSWER"] = "00D5j00000SfSso!unknown.to.salesforce" },
        });

        Assert.Equal(200, status);
        Assert.Equal("CUSTOM_CHALLENGE", next["ChallengeName"]!.GetValue<string>());
        Assert.Equal("2", next["ChallengeParameters"]!["attempt"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_session_of_a_configured_user_appears_in_no_log_line()
    {
        await stack.SignInAsync(RunningStack.ConfiguredSession);

        var logs = LogText.Of(stack.Logs);
        Assert.Contains(logs, line => line.Contains("RespondToAuthChallenge answered ok", StringComparison.Ordinal));
        SecretAssert.NoneIn(logs, RunningStack.ConfiguredSession, DemoUser.BuiltIn[0].SessionId, RunningStack.ConcurrentSession);
    }

    [Fact]
    public async Task Discovery_and_jwks_are_served_for_the_pool_with_jwks_uri_pointing_at_the_emulator()
    {
        var discovery = JsonNode.Parse(await stack.Http.GetStringAsync($"{stack.CognitoUrl}/us-east-1_SfSsoLocal/.well-known/openid-configuration"))!;
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SfSsoLocal", discovery["issuer"]!.GetValue<string>());
        var jwksUri = discovery["jwks_uri"]!.GetValue<string>();
        Assert.Equal($"{stack.CognitoUrl}/us-east-1_SfSsoLocal/.well-known/jwks.json", jwksUri);

        var key = JsonNode.Parse(await stack.Http.GetStringAsync(jwksUri))!["keys"]![0]!;
        Assert.Equal("RS256", key["alg"]!.GetValue<string>());
        Assert.Equal(stack.App.Services.GetRequiredService<SigningKey>().KeyId, key["kid"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_browser_preflight_to_the_pool_is_allowed_with_the_headers_the_client_libraries_send()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{stack.CognitoUrl}/");
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request");

        using var response = await stack.Http.SendAsync(preflight);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single();
        foreach (var header in new[] { "content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "amz-sdk-invocation-id", "amz-sdk-request" })
        {
            Assert.Contains(header, allowed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_stand_in_answers_userinfo_for_a_demo_session_and_401_for_any_other()
    {
        using var known = new HttpRequestMessage(HttpMethod.Get, $"{stack.SalesforceUrl}/services/oauth2/userinfo");
        known.Headers.Authorization = new("Bearer", DemoUser.BuiltIn[0].SessionId);
        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"{stack.SalesforceUrl}/services/data/v62.0/chatter/users/me");
        unknown.Headers.Authorization = new("Bearer", "00D5j00000SfSso!nobody");

        using var info = await stack.Http.SendAsync(known);
        using var refused = await stack.Http.SendAsync(unknown);

        var body = JsonNode.Parse(await info.Content.ReadAsStringAsync())!;
        Assert.Equal(DemoUser.BuiltIn[0].UserId.Value, body["user_id"]!.GetValue<string>());
        Assert.Equal(DemoUser.BuiltIn[0].OrgId.Value, body["organization_id"]!.GetValue<string>());
        Assert.True(body["active"]!.GetValue<bool>());
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Contains("INVALID_SESSION_ID", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_listener_serves_only_its_own_part()
    {
        using var cognitoOnValidator = await stack.Http.GetAsync($"{stack.ValidatorUrl}/us-east-1_SfSsoLocal/.well-known/jwks.json");
        using var healthOnCognito = await stack.Http.GetAsync($"{stack.CognitoUrl}/healthz");

        Assert.Equal(404, (int)cognitoOnValidator.StatusCode);
        Assert.Equal(404, (int)healthOnCognito.StatusCode);
        Assert.Equal("ok", JsonNode.Parse(await stack.Http.GetStringAsync($"{stack.ValidatorUrl}/healthz"))!["status"]!.GetValue<string>());
    }
}

/// <summary>Start-up refusals: they happen before anything listens.</summary>
public sealed class LocalStackSettingsTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Prod")]
    public void Any_environment_but_development_refuses_to_start(string environment)
    {
        var error = Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build([], environment));

        Assert.Contains("must not run in Production or any environment but Development", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--environment", "Production")]
    [InlineData("--environment=Production", null)]
    [InlineData("--environment=Staging", null)]
    public void An_environment_given_as_an_argument_is_honoured_too(string argument, string? value)
    {
        string[] args = value is null ? [argument] : [argument, value];

        Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build(args, "Development"));
    }

    [Fact]
    public void Production_is_refused_even_with_a_real_org_configured()
    {
        var error = Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build(
            ["--Salesforce:Orgs:0:OrgId=00D6g000006wre4", "--Salesforce:Orgs:0:InstanceUrl=https://example.my.salesforce.com"], "Production"));

        Assert.Contains("must not run in Production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_real_org_configured_the_stand_in_is_off()
    {
        await using var app = LocalStackHost.Build(
            ["--Salesforce:Orgs:0:OrgId=00D6g000006wre4", "--Salesforce:Orgs:0:InstanceUrl=https://example.my.salesforce.com"], "Development");

        var settings = app.Services.GetRequiredService<LocalStackSettings>();
        Assert.False(settings.StandInEnabled);
        Assert.Equal("https://example.my.salesforce.com", app.Services.GetRequiredService<IOptions<Core.Sessions.TrustedOrgsOptions>>().Value.Orgs.Single().InstanceUrl);
    }

    [Fact]
    public async Task The_stack_wires_its_parts_by_options_and_writes_nothing_into_configuration()
    {
        await using var app = LocalStackHost.Build(["--LocalStack:UserPoolId=eu-west-1_Wired", "--LocalStack:ClientId=wiredclient"], "Development");

        var cognito = app.Services.GetRequiredService<IOptions<Adapters.Cognito.CognitoOptions>>().Value;
        var exchange = app.Services.GetRequiredService<IOptions<Adapters.Cognito.ExchangeOptions>>().Value;
        var pool = app.Services.GetRequiredService<IOptions<Emulators.Cognito.LocalCognitoOptions>>().Value;
        var tickets = app.Services.GetRequiredService<IOptions<Core.Tickets.TicketKeyOptions>>().Value;
        var orgs = app.Services.GetRequiredService<IOptions<Core.Sessions.TrustedOrgsOptions>>().Value.Orgs;
        // The exchange signs in through the pool's confidential client, with its secret, as our Terraform's does.
        Assert.Equal(("eu-west-1_Wired", Contracts.LocalStackDefaults.ExchangeClientId), (cognito.UserPoolId, exchange.ClientId));
        Assert.Equal((pool.ConfidentialClientId, pool.ConfidentialClientSecret), (exchange.ClientId, exchange.ClientSecret));
        Assert.Equal(["wiredclient", Contracts.LocalStackDefaults.ExchangeClientId], tickets.ClientIds);
        Assert.Equal(("eu-west-1_Wired", "wiredclient"), (pool.UserPoolId, pool.ClientId));
        // The product's attributes reach the emulator from the stack; the emulator itself declares none.
        Assert.Equal(Contracts.UserAttributes.Custom, pool.CustomAttributes);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", tickets.SigningKey, StringComparison.Ordinal);
        Assert.Equal(Core.Sessions.SalesforceId.Parse(DemoUser.DemoOrgId).Value, Assert.Single(orgs).OrgId);
        foreach (var key in new[] { "Directory:Provider", "Cognito:UserPoolId", "Cognito:ServiceUrl", "Exchange:ClientId", "Ticket:SigningKey", "Salesforce:Orgs:0:OrgId", "Cors:AllowedOrigins:0" })
        {
            Assert.Null(app.Configuration[key]);
        }
    }

    [Fact]
    public void A_bad_pool_setting_is_refused_under_its_local_stack_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build(["--LocalStack:UserPoolId=nope"], "Development"));

        Assert.Contains("LocalStack__UserPoolId must look like us-east-1_SfSsoLocal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_aspnetcore_environment_does_not_hide_a_dotnet_environment_of_production()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SfCognitoSso.Hosts.Local.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = string.Empty;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["LocalStack__ValidatorUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}";
        start.Environment["LocalStack__CognitoUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}";
        start.Environment["LocalStack__SalesforceUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}";
        start.Environment["LocalStack__PubSubUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}";
        using var process = System.Diagnostics.Process.Start(start)!;

        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("'Production'", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Kestrel_endpoints_settings_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build(["--Kestrel:Endpoints:Public:Url=http://0.0.0.0:5999"]));

        Assert.Contains("Kestrel__Endpoints", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Urls_settings_do_not_take_the_stack_off_loopback()
    {
        var validatorPort = Loopback.FreePort();
        await using var app = LocalStackHost.Build(
        [
            $"--urls=http://0.0.0.0:{Loopback.FreePort()}",
            $"--LocalStack:ValidatorUrl=http://127.0.0.1:{validatorPort}",
            $"--LocalStack:CognitoUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:SalesforceUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:PubSubUrl=http://127.0.0.1:{Loopback.FreePort()}",
        ]);

        await LocalStackHost.StartAsync(app);

        Assert.All(app.Urls, url => Assert.True(new Uri(url).IsLoopback, url));
        Assert.Contains(app.Urls, url => new Uri(url).Port == validatorPort);
        await app.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_stack_ends_single_sign_outs_subscriptions_without_a_reconnect_warning()
    {
        await using var app = LocalStackHost.Build(
        [
            $"--LocalStack:ValidatorUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:CognitoUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:SalesforceUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:PubSubUrl=http://127.0.0.1:{Loopback.FreePort()}",
        ], "Development", builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        await LocalStackHost.StartAsync(app);
        var pubSub = app.Services.GetRequiredService<PubSubStandIn>();
        await Task.WhenAll(Adapters.SalesforceEvents.SignOutTopics.All.Select(topic => pubSub.WhenSubscribedAsync(topic))).WaitAsync(TimeSpan.FromSeconds(30));

        await app.StopAsync();

        // A stop is no fault: the subscriber stops reading before the stand-in ends its streams, and says nothing.
        var subscriberLines = app.Services.GetFakeLogCollector().GetSnapshot()
            .Where(line => line.Category == typeof(Adapters.SalesforceEvents.SignOutSubscriber).FullName).ToList();
        Assert.NotEmpty(subscriberLines);
        Assert.True(!subscriberLines.Any(line => line.Level >= LogLevel.Warning),
            string.Join('\n', subscriberLines.Where(line => line.Level >= LogLevel.Warning).Select(line => $"{line.Level}: {line.Message}")));
    }

    [Fact]
    public async Task A_healthy_start_logs_no_exception_no_refusal_and_no_per_call_chatter_at_information()
    {
        // The start-up checks are done when the sign-out reader has said what it may do (after its dry sign-out).
        var checksDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = LocalStackHost.Build(
        [
            $"--LocalStack:ValidatorUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:CognitoUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:SalesforceUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:PubSubUrl=http://127.0.0.1:{Loopback.FreePort()}",
        ], "Development", builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging(options => options.OutputSink = line =>
        {
            if (line.Contains("may sign users out of the directory", StringComparison.Ordinal))
            {
                checksDone.TrySetResult();
            }
        }));
        await LocalStackHost.StartAsync(app);
        await checksDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var collector = app.Services.GetFakeLogCollector();

        var shown = collector.GetSnapshot().Where(line => line.Level >= LogLevel.Information).ToList();
        Assert.DoesNotContain(shown, line => line.Exception is not null || line.Level >= LogLevel.Warning);
        Assert.DoesNotContain(shown, line => line.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(shown, line => line.Message.Contains("Exception", StringComparison.Ordinal));
        // Each call is still there at Debug for whoever turns it on.
        Assert.Contains(collector.GetSnapshot(), line => line.Level == LogLevel.Debug && line.Message.Contains("AdminUserGlobalSignOut answered UserNotFoundException", StringComparison.Ordinal));

        using var banner = new StringWriter();
        Banner.Write(banner, app.Services);
        Assert.Contains(app.Services.GetRequiredService<LocalStackSettings>().PubSubUrl.GetLeftPart(UriPartial.Authority), banner.ToString(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    public void Single_sign_out_is_on_unless_switched_off(string? value, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LocalStack:SingleSignOut"] = value }).Build();

        Assert.Equal(expected, LocalStackSettings.Read(configuration).SingleSignOut);
    }

    [Fact]
    public void A_single_sign_out_switch_that_is_not_true_or_false_is_refused_by_name()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LocalStack:SingleSignOut"] = "off" }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => LocalStackSettings.Read(configuration));
        Assert.Contains("LocalStack__SingleSignOut must be true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_refused_by_naming_the_settings()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        await using var app = LocalStackHost.Build(
        [
            $"--LocalStack:ValidatorUrl=http://127.0.0.1:{port}",
            $"--LocalStack:CognitoUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:SalesforceUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--LocalStack:PubSubUrl=http://127.0.0.1:{Loopback.FreePort()}",
        ]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalStackHost.StartAsync(app));

        Assert.Contains($"http://127.0.0.1:{port}/", error.Message, StringComparison.Ordinal);
        Assert.Contains("LocalStack__ValidatorUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--LocalStack:Users:0:SessionId=no-org-prefix", "LocalStack__Users__0__SessionId")]
    [InlineData("--LocalStack:Users:0:SessionId=00D5j00000SfSso!x", "LocalStack__Users__0__UserId")]
    [InlineData("--LocalStack:ValidatorUrl=http://10.0.0.1:5080", "LocalStack__ValidatorUrl")]
    [InlineData("--LocalStack:CognitoUrl=http://127.0.0.1:5080", "need different ports")]
    [InlineData("--LocalStack:EventsTokenFormat=jws", "LocalStack__EventsTokenFormat")]
    [InlineData("--LocalStack:PubSubTlsUrl=http://127.0.0.1:9233", "LocalStack__PubSubTlsUrl")]
    [InlineData("--LocalStack:PubSubTlsUrl=https://example.com:9233", "LocalStack__PubSubTlsUrl")]
    [InlineData("--LocalStack:SalesforceLatencyMs=-5", "LocalStack__SalesforceLatencyMs")]
    [InlineData("--LocalStack:SalesforceLatencyMs=9000", "LocalStack__SalesforceLatencyMs")]
    public void A_bad_setting_is_refused_by_name(string argument, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => LocalStackHost.Build([argument]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no-org-prefix", error.Message, StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name)]
public sealed class RunningStackCollection : ICollectionFixture<RunningStack>
{
    public const string Name = "local stack";
}
