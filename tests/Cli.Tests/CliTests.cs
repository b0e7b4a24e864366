using System.Text.Json.Nodes;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<RunningStack>
{
    public const string Name = "local stack";
}

/// <summary><c>sfsso</c> as a process against the running local stack: exit codes, output shapes, where the session
/// may and may not come from.</summary>
[Collection(StackCollection.Name)]
public sealed class CliTests(RunningStack stack)
{
    private static readonly string Alice = DemoUser.BuiltIn[0].SessionId;

    private string[] Login(params string[] more) =>
        ["login", "--validator", stack.ValidatorUrl, "--cognito", stack.CognitoUrl, .. more];

    [Fact]
    public async Task Login_reads_the_session_from_stdin_and_prints_the_claims_readably()
    {
        var (exit, output, errors) = await CliProcess.RunAsync(Login(), stdin: Alice + "\n");

        Assert.True(exit == 0, errors);
        Assert.Contains("Signed in as sf_00D5j00000SfSso", output, StringComparison.Ordinal);
        Assert.Contains("ID token claims:", output, StringComparison.Ordinal);
        Assert.Contains("custom:sf_user_id", output, StringComparison.Ordinal);
        Assert.Contains("local time", output, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", output, StringComparison.Ordinal); // no raw token without --raw
        SecretAssert.NoneIn(output + errors, Alice);
    }

    [Fact]
    public async Task Login_json_has_the_documented_shape_and_the_session_may_come_from_the_environment()
    {
        var (exit, output, errors) = await CliProcess.RunAsync(Login("--json"), environment: new() { ["SFSSO_SESSION"] = Alice });

        Assert.True(exit == 0, errors);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["username", "expiresIn", "idToken", "accessToken"], json.Select(member => member.Key));
        Assert.Equal(Contracts.PoolDefaults.AccessTokenMinutes * 60, json["expiresIn"]!.GetValue<int>());
        Assert.Equal(json["username"]!.GetValue<string>(), json["idToken"]!["claims"]!["cognito:username"]!.GetValue<string>());
        Assert.Equal("access", json["accessToken"]!["claims"]!["token_use"]!.GetValue<string>());
        Assert.Null(json["idToken"]!["token"]);
    }

    [Fact]
    public async Task Login_takes_a_jwt_access_token_as_it_takes_a_session_and_never_prints_it()
    {
        var (_, accessToken) = await stack.LogInWithAccessTokenAsync("bob@example.com");

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--json"), environment: new() { ["SFSSO_SESSION"] = accessToken });

        Assert.True(exit == 0, errors);
        Assert.Equal(DemoUser.BuiltIn[1].UserId.Value, JsonNode.Parse(output)!["idToken"]!["claims"]!["custom:sf_user_id"]!.GetValue<string>());
        SecretAssert.NoneIn(output + errors, accessToken);
    }

    [Fact]
    public async Task Raw_tokens_appear_only_with_raw()
    {
        var (exit, output, _) = await CliProcess.RunAsync(Login("--json", "--raw"), stdin: Alice);

        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        Assert.StartsWith("eyJ", json["idToken"]!["token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(json["refreshToken"]);
    }

    [Fact]
    public async Task Refresh_on_a_client_that_does_not_rotate_keeps_the_refresh_token()
    {
        var (_, signedIn, _) = await CliProcess.RunAsync(Login("--json", "--raw"), stdin: Alice);
        var token = JsonNode.Parse(signedIn)!["refreshToken"]!.GetValue<string>();

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--refresh", "--json", "--raw"), stdin: token);

        Assert.True(exit == 0, errors);
        var json = JsonNode.Parse(output)!;
        Assert.False(json["refreshTokenRotated"]!.GetValue<bool>());
        Assert.Equal(token, json["refreshToken"]!.GetValue<string>());
        Assert.NotEqual(JsonNode.Parse(signedIn)!["idToken"]!["token"]!.GetValue<string>(), json["idToken"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_session_exits_1_with_the_reason_and_without_the_session()
    {
        const string unknown = "00D5j00000SfSso!a.session.salesforce.does.not.know";

        var (exit, output, errors) = await CliProcess.RunAsync(Login(), stdin: unknown);

        Assert.Equal(1, exit);
        Assert.Contains("refused: invalid_session", errors, StringComparison.Ordinal);
        SecretAssert.NoneIn(output + errors, unknown);
    }

    [Fact]
    public async Task An_unreachable_validator_exits_3()
    {
        var (exit, _, errors) = await CliProcess.RunAsync(["login", "--validator", Loopback.ClosedUrl(), "--cognito", stack.CognitoUrl], stdin: Alice);

        Assert.Equal(3, exit);
        Assert.Contains("validator_unreachable", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_passed_as_an_argument_is_refused_without_being_echoed()
    {
        var (exit, output, errors) = await CliProcess.RunAsync(Login(Alice));

        Assert.Equal(2, exit);
        Assert.Contains("never taken from the command line", errors, StringComparison.Ordinal);
        SecretAssert.NoneIn(output + errors, Alice);
    }

    [Fact]
    public async Task Login_with_canvas_reads_the_signed_request_from_stdin()
    {
        var signedRequest = stack.CanvasRequestFor(DemoUser.BuiltIn[1]);

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--canvas", "--json"), stdin: signedRequest + "\n");

        Assert.True(exit == 0, errors);
        Assert.Contains("\"custom:sf_user_id\": \"" + DemoUser.BuiltIn[1].UserId.Value + "\"", output, StringComparison.Ordinal);
        SecretAssert.NoneIn(output + errors, signedRequest);
    }

    [Fact]
    public async Task A_signed_request_passed_as_an_argument_is_refused_without_being_echoed()
    {
        var signedRequest = stack.CanvasRequestFor(DemoUser.BuiltIn[1]);

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--canvas", signedRequest), stdin: string.Empty);

        Assert.Equal(2, exit);
        SecretAssert.NoneIn(output + errors, signedRequest);
    }

    [Theory]
    [InlineData("--json", "login", "{0}")]
    [InlineData("decode", "{0}")]
    [InlineData("login", "--validator", "{0}")]
    [InlineData("login", "--pool-id={0}")]
    [InlineData("{0}")]
    public async Task A_session_in_any_position_is_refused_without_being_echoed(params string[] template)
    {
        var args = template.Select(argument => string.Format(System.Globalization.CultureInfo.InvariantCulture, argument, Alice)).ToArray();

        var (exit, output, errors) = await CliProcess.RunAsync(args, stdin: string.Empty);

        Assert.Equal(2, exit);
        Assert.Contains("never taken from the command line", errors, StringComparison.Ordinal);
        SecretAssert.NoneIn(output + errors, Alice);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("login", "--pool-id", "eu-west-1_AbC123", "--client-id", "client")]
    [InlineData("login", "--validator", "https://sso.example.com", "--pool-id", "eu-west-1_AbC123")]
    public async Task Without_local_it_signs_in_nowhere_until_told_where(params string[] args)
    {
        // Review round three, finding 4: these used to send the session in clear text to 127.0.0.1:9230.
        var (exit, _, errors) = await CliProcess.RunAsync(args, stdin: Alice);

        Assert.Equal(2, exit);
        Assert.Contains("say where to sign in", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loopback_cognito_with_a_deployed_validator_is_refused()
    {
        var (exit, _, errors) = await CliProcess.RunAsync(
            ["login", "--validator", "https://sso.example.com", "--cognito", stack.CognitoUrl, "--pool-id", "eu-west-1_AbC123", "--client-id", "client"], stdin: Alice);

        Assert.Equal(2, exit);
        Assert.Contains("CognitoEndpoint is on loopback but ValidatorUrl is not", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login", "--bogus")]
    [InlineData("login", "--validator", "not a url")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exit, _, errors) = await CliProcess.RunAsync(args, stdin: string.Empty);

        Assert.Equal(2, exit);
        Assert.Contains("sfsso", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_session_at_all_is_a_usage_error()
    {
        var (exit, _, errors) = await CliProcess.RunAsync(Login(), stdin: string.Empty);

        Assert.Equal(2, exit);
        Assert.Contains("SFSSO_SESSION", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_runs_a_trigger_on_a_real_event_through_the_shared_composition()
    {
        var sample = WireData.Read("cognito-events/powertools-python__cognitoDefineAuthChallengeEvent.json");

        var (exit, output, errors) = await CliProcess.RunAsync(["invoke", "define-auth-challenge"], stdin: sample);

        Assert.True(exit == 0, errors);
        // The sample's session holds a failed SRP round, so our Define fails it, as the Lambda host does.
        Assert.True(JsonNode.Parse(output)!["response"]!["failAuthentication"]!.GetValue<bool>());
        var (malformed, _, complaint) = await CliProcess.RunAsync(["invoke", "define-auth-challenge"], stdin: "{\"version\":");
        Assert.Equal(2, malformed);
        Assert.Contains("invalid_event", complaint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_prints_the_claims_and_checks_the_signature_against_the_jwks()
    {
        var (_, signedIn, _) = await CliProcess.RunAsync(Login("--json", "--raw"), stdin: Alice);
        var idToken = JsonNode.Parse(signedIn)!["idToken"]!["token"]!.GetValue<string>();
        var jwks = $"{stack.CognitoUrl}/us-east-1_SfSsoLocal/.well-known/jwks.json";

        var (exit, output, _) = await CliProcess.RunAsync(["decode", "--jwks", jwks], stdin: idToken);
        var (tamperedExit, tampered, _) = await CliProcess.RunAsync(["decode", "--jwks", jwks], stdin: idToken[..^4] + "AAAA");
        var (garbageExit, _, garbage) = await CliProcess.RunAsync(["decode"], stdin: "not a token");

        Assert.Equal(0, exit);
        Assert.Contains("\"cognito:username\"", output, StringComparison.Ordinal);
        Assert.Contains("Signature: valid", output, StringComparison.Ordinal);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("Signature: INVALID", tampered, StringComparison.Ordinal);
        Assert.Equal(2, garbageExit);
        Assert.Contains("Not a JWT", garbage, StringComparison.Ordinal);
    }
}
