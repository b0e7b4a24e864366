using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using SfCognitoSso.Contracts;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Client.Tests;

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<RunningStack>
{
    public const string Name = "local stack";
}

/// <summary>The client library against the running local stack, registered as an app would register it.</summary>
[Collection(StackCollection.Name)]
public sealed class ClientTests(RunningStack stack) : IDisposable
{
    private static readonly SalesforceSession Alice = new(DemoUser.BuiltIn[0].SessionId);
    private readonly List<ServiceProvider> providers = [];

    public void Dispose()
    {
        foreach (var provider in providers)
        {
            provider.Dispose();
        }
    }

    [Fact]
    public async Task A_demo_user_signs_in_and_the_tokens_name_the_user_the_validator_returned()
    {
        var (client, logs) = Client();

        var result = await client.SignInAsync(Alice);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.StartsWith("sf_00D5j00000SfSso", result.Username, StringComparison.Ordinal);
        Assert.Equal(result.Username, new JsonWebToken(result.Tokens.IdToken).GetPayloadValue<string>("cognito:username"));
        Assert.Equal(Contracts.PoolDefaults.AccessTokenMinutes * 60, result.Tokens.ExpiresIn);
        Assert.NotNull(result.Tokens.RefreshToken);
        Assert.DoesNotContain(result.Tokens.IdToken, result.Tokens.ToString(), StringComparison.Ordinal);
        SecretAssert.NoneIn(LogText.Of(logs), DemoUser.BuiltIn[0].SessionId);
        Assert.Contains(LogText.Of(logs), line => line.Contains("Signed in to Cognito", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_gives_new_tokens_and_sign_out_revokes_them()
    {
        var (client, _) = Client();
        var signedIn = await client.SignInAsync(Alice);
        var refreshToken = signedIn.Tokens!.RefreshToken!;

        var refreshed = await client.RefreshAsync(refreshToken);
        Assert.True(refreshed.Succeeded, refreshed.Failure?.ToString());
        Assert.NotEqual(signedIn.Tokens.IdToken, refreshed.Tokens.IdToken);
        Assert.Equal(refreshToken, refreshed.Tokens.RefreshToken);

        Assert.Null(await client.SignOutAsync(refreshToken));
        var afterSignOut = await client.RefreshAsync(refreshToken);
        Assert.Equal(new SignInFailure("NotAuthorizedException", "Refresh Token has been revoked", SignInFailureKind.Refused, 400), afterSignOut.Failure);
    }

    [Fact]
    public async Task A_salesforce_logout_ends_the_sign_in_and_refresh_is_refused_as_revoked()
    {
        var (client, _) = Client();
        var session = await stack.LogInToSalesforceAsync("hank@example.com");
        var signedIn = await client.SignInAsync(new SalesforceSession(session));
        Assert.True(signedIn.Succeeded, signedIn.Failure?.ToString());
        using var watch = new SignOutWatch(stack.App.Services);

        await stack.LogOutOfSalesforceAsync(session);
        await watch.NextAsync();
        var refreshed = await client.RefreshAsync(signedIn.Tokens.RefreshToken!);

        Assert.Equal(new SignInFailure("NotAuthorizedException", "Refresh Token has been revoked", SignInFailureKind.Refused, 400), refreshed.Failure);
    }

    [Theory]
    [InlineData("00D5j00000SfSso!not.a.session.the.stand.in.knows", ProblemCodes.InvalidSession, 401)]
    [InlineData("00D000000000001!a.session.of.an.org.nobody.trusts", ProblemCodes.OrgNotAllowed, 403)]
    [InlineData("not-a-salesforce-session", ProblemCodes.InvalidRequest, 400)]
    public async Task A_refused_session_is_a_refusal_with_the_validators_code_and_never_the_session(string session, string code, int status)
    {
        var (client, logs) = Client();

        var result = await client.SignInAsync(new SalesforceSession(session));

        Assert.False(result.Succeeded);
        Assert.Equal((code, SignInFailureKind.Refused, status), (result.Failure.Code, result.Failure.Kind, result.Failure.Status));
        SecretAssert.NoneIn([.. LogText.Of(logs), result.Failure.ToString()], session);
    }

    [Fact]
    public async Task A_validator_that_is_down_is_unavailable_not_refused()
    {
        var (client, _) = Client(options => options.ValidatorUrl = new Uri(Loopback.ClosedUrl()));

        var result = await client.SignInAsync(Alice);

        Assert.Equal((ClientErrorCodes.ValidatorUnreachable, SignInFailureKind.Unavailable), (result.Failure?.Code, result.Failure?.Kind));
        SecretAssert.NoneIn(result.Failure!.ToString(), DemoUser.BuiltIn[0].SessionId);
    }

    [Fact]
    public async Task Cognito_down_is_unavailable()
    {
        var (client, _) = Client(options => options.CognitoEndpoint = new Uri(Loopback.ClosedUrl()));

        var result = await client.SignInAsync(Alice);

        Assert.Equal((ClientErrorCodes.CognitoUnreachable, SignInFailureKind.Unavailable), (result.Failure?.Code, result.Failure?.Kind));
    }

    [Fact]
    public async Task A_wrong_client_id_is_cognitos_ResourceNotFoundException()
    {
        var (client, _) = Client(options => options.ClientId = "not_this_pools_client");

        var result = await client.SignInAsync(Alice);

        Assert.Equal(("ResourceNotFoundException", SignInFailureKind.Refused), (result.Failure?.Code, result.Failure?.Kind));
    }

    [Fact]
    public async Task A_validator_that_accepts_but_never_answers_times_out_as_unavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var (client, _) = Client(options =>
        {
            options.ValidatorUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
            options.Timeout = TimeSpan.FromMilliseconds(300);
        });

        var result = await client.SignInAsync(Alice);

        Assert.Equal(ClientErrorCodes.ValidatorUnreachable, result.Failure?.Code);
        Assert.Contains("did not answer within", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_an_exception_not_a_failure()
    {
        var (client, _) = Client();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SignInAsync(Alice, cancelled.Token));
    }

    [Fact]
    public async Task It_works_without_dependency_injection()
    {
        using var http = new HttpClient();
        var options = SfCognitoSsoClientOptions.LocalStack();
        options.ValidatorUrl = new Uri(stack.ValidatorUrl);
        options.CognitoEndpoint = new Uri(stack.CognitoUrl);
        var client = new SfCognitoSsoClient(http, options);

        Assert.True((await client.SignInAsync(Alice)).Succeeded);
    }

    [Theory]
    [InlineData("ftp://example.com", null, "ValidatorUrl")]
    [InlineData("http://sso.example.com", null, "ValidatorUrl")]
    [InlineData(null, null, "ValidatorUrl")]
    [InlineData("https://sso.example.com", "http://127.0.0.1:9230", "CognitoEndpoint")]
    public void Options_that_cannot_work_are_refused_by_name(string? validatorUrl, string? cognitoEndpoint, string named)
    {
        using var http = new HttpClient();
        var options = new SfCognitoSsoClientOptions
        {
            ValidatorUrl = validatorUrl is null ? null : new Uri(validatorUrl),
            CognitoEndpoint = cognitoEndpoint is null ? null : new Uri(cognitoEndpoint),
            UserPoolId = "eu-west-1_AbC123",
            ClientId = "client",
        };

        var error = Assert.Throws<ArgumentException>(() => new SfCognitoSsoClient(http, options));

        Assert.Equal(named, error.ParamName);
    }

    [Fact]
    public void Nothing_defaults_to_the_local_stack_unless_asked_for()
    {
        var unset = new SfCognitoSsoClientOptions();

        Assert.Null(unset.ValidatorUrl);
        Assert.Null(unset.CognitoEndpoint);
        Assert.Equal(string.Empty, unset.UserPoolId);
        Assert.Equal(new Uri("https://cognito-idp.eu-west-1.amazonaws.com/"), new SfCognitoSsoClientOptions { UserPoolId = "eu-west-1_AbC123" }.ResolvedCognitoEndpoint);
        SfCognitoSsoClientOptions.LocalStack().Validate();
    }

    [Fact]
    public async Task A_canvas_signed_request_signs_its_user_in_and_a_tampered_one_is_refused()
    {
        var (client, logs) = Client();
        var signedRequest = stack.CanvasRequestFor(DemoUser.BuiltIn[0]);

        var signedIn = await client.SignInWithCanvasAsync(new CanvasSignedRequest(signedRequest));
        var tampered = await client.SignInWithCanvasAsync(new CanvasSignedRequest(CanvasRequestBuilder.Tampered(signedRequest)));
        var garbage = await client.SignInWithCanvasAsync(new CanvasSignedRequest("not-a-signed-request"));

        Assert.True(signedIn.Succeeded, signedIn.Failure?.Message);
        Assert.Equal(("canvas_signature_invalid", SignInFailureKind.Refused), (tampered.Failure?.Code, tampered.Failure?.Kind));
        Assert.Equal("invalid_request", garbage.Failure?.Code);
        Assert.Equal("[redacted Canvas signed request]", new CanvasSignedRequest(signedRequest).ToString());
        SecretAssert.NoneIn(LogText.Of(logs), signedRequest, DemoUser.BuiltIn[0].SessionId);
    }

    [Fact]
    public async Task A_jwt_access_token_signs_a_known_user_in_with_no_salesforce_call()
    {
        var (client, logs) = Client();
        var calls = stack.App.Services.GetRequiredService<SalesforceStandIn>();
        var (_, first) = await stack.LogInWithAccessTokenAsync("bob@example.com");
        Assert.True((await client.SignInWithAccessTokenAsync(new SalesforceSession(first))).Succeeded);
        var (_, second) = await stack.LogInWithAccessTokenAsync("bob@example.com");
        var before = calls.Requests;

        var signedIn = await client.SignInWithAccessTokenAsync(new SalesforceSession(second));

        Assert.True(signedIn.Succeeded, signedIn.Failure?.Message);
        Assert.Equal(before, calls.Requests);
        SecretAssert.NoneIn(LogText.Of(logs), first, second);
    }

    [Fact]
    public void The_session_never_shows_in_its_string_form()
    {
        Assert.Equal("[redacted Salesforce session]", Alice.ToString());
        Assert.Equal("[redacted Salesforce session]", $"{Alice}");
    }

    private (SfCognitoSsoClient Client, FakeLogCollector Logs) Client(Action<SfCognitoSsoClientOptions>? change = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSfCognitoSsoClient(options =>
        {
            options.ValidatorUrl = new Uri(stack.ValidatorUrl);
            options.CognitoEndpoint = new Uri(stack.CognitoUrl);
            options.UserPoolId = SfCognitoSsoClientOptions.LocalStack().UserPoolId;
            options.ClientId = SfCognitoSsoClientOptions.LocalStack().ClientId;
            change?.Invoke(options);
        });
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return (provider.GetRequiredService<SfCognitoSsoClient>(), provider.GetFakeLogCollector());
    }
}
