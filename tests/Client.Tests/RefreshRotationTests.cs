using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Client.Tests;

/// <summary>The client against a pool whose app client rotates refresh tokens (no grace period): refresh goes through
/// GetTokensFromRefreshToken, hands back the new refresh token, and two refreshes with one token at the same time
/// share one call instead of the second being refused as a reuse.</summary>
public sealed class RefreshRotationTests(RotatingRefreshStack stack) : IClassFixture<RotatingRefreshStack>, IDisposable
{
    private readonly ServiceProvider provider = Provider(stack);

    public void Dispose() => provider.Dispose();

    private SfCognitoSsoClient Client => provider.GetRequiredService<SfCognitoSsoClient>();

    [Fact]
    public async Task Refresh_hands_back_the_rotated_refresh_token_and_the_replaced_one_is_refused_as_reused()
    {
        var signedIn = await Client.SignInAsync(new SalesforceSession(DemoUser.BuiltIn[0].SessionId));
        var first = signedIn.Tokens!.RefreshToken!;

        var refreshed = await Client.RefreshAsync(first);
        var again = await Client.RefreshAsync(refreshed.Tokens!.RefreshToken!);
        var reused = await Client.RefreshAsync(first);

        Assert.True(refreshed.Succeeded, refreshed.Failure?.ToString());
        Assert.NotEqual(first, refreshed.Tokens.RefreshToken);
        Assert.True(again.Succeeded, again.Failure?.ToString());
        Assert.Equal(("RefreshTokenReuseException", SignInFailureKind.Refused), (reused.Failure!.Code, reused.Failure.Kind));
    }

    [Fact]
    public async Task Two_refreshes_with_one_token_at_once_share_one_call_and_both_succeed()
    {
        var signedIn = await Client.SignInAsync(new SalesforceSession(DemoUser.BuiltIn[1].SessionId));
        var token = signedIn.Tokens!.RefreshToken!;

        var both = await Task.WhenAll(Client.RefreshAsync(token), Client.RefreshAsync(token));

        Assert.All(both, result => Assert.True(result.Succeeded, result.Failure?.ToString()));
        // Two calls would have rotated twice (two different tokens) and refused the second as a reuse.
        Assert.Equal(both[0].Tokens!.RefreshToken, both[1].Tokens!.RefreshToken);
        Assert.NotEqual(token, both[0].Tokens!.RefreshToken);
        Assert.True((await Client.RefreshAsync(both[0].Tokens!.RefreshToken!)).Succeeded);
    }

    [Fact]
    public async Task Refresh_token_auth_is_refused_on_the_rotating_client_as_on_aws()
    {
        var (status, body) = await stack.CognitoAsync("InitiateAuth", new System.Text.Json.Nodes.JsonObject
        {
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["ClientId"] = SfCognitoSsoClientOptions.LocalStack().ClientId,
            ["AuthParameters"] = new System.Text.Json.Nodes.JsonObject { ["REFRESH_TOKEN"] = "any" },
        });

        Assert.Equal((400, "Auth flow not enabled for this client"), (status, body["message"]!.GetValue<string>()));
    }

    private static ServiceProvider Provider(RunningStack stack)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSfCognitoSsoClient(options =>
        {
            options.ValidatorUrl = new Uri(stack.ValidatorUrl);
            options.CognitoEndpoint = new Uri(stack.CognitoUrl);
            options.UserPoolId = SfCognitoSsoClientOptions.LocalStack().UserPoolId;
            options.ClientId = SfCognitoSsoClientOptions.LocalStack().ClientId;
        });
        return services.BuildServiceProvider();
    }
}
