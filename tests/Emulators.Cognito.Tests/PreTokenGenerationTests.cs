using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>The pool runs pre token generation at sign-in and at refresh, as Cognito does.</summary>
public sealed class PreTokenGenerationTests
{
    private static Func<UserPoolTrigger, JsonObject, CancellationToken, Task<byte[]>> AddingClaims(ScriptedTriggers scripted) =>
        async (trigger, received, cancellationToken) =>
        {
            if (trigger != UserPoolTrigger.PreTokenGeneration)
            {
                return await scripted.InvokeAsync(trigger, JsonSerializer.SerializeToUtf8Bytes(received), cancellationToken);
            }

            var claims = new JsonObject { ["tenant"] = "acme", ["sub"] = "forged", ["count"] = 3 };
            received["response"] = received["version"]!.GetValue<string>() == "2"
                ? new JsonObject
                {
                    ["claimsAndScopeOverrideDetails"] = new JsonObject
                    {
                        ["idTokenGeneration"] = new JsonObject { ["claimsToAddOrOverride"] = claims.DeepClone() },
                        ["accessTokenGeneration"] = new JsonObject { ["claimsToAddOrOverride"] = claims.DeepClone() },
                    },
                }
                : new JsonObject { ["claimsOverrideDetails"] = new JsonObject { ["claimsToAddOrOverride"] = claims.DeepClone() } };
            return JsonSerializer.SerializeToUtf8Bytes(received);
        };

    [Theory]
    [InlineData("2", true)]
    [InlineData("1", false)]
    public async Task Its_claims_reach_the_id_token_and_with_version_2_the_access_token_but_never_protected_ones(string version, bool inAccessToken)
    {
        using var pool = new EmulatorHarness(settings: new() { ["CognitoEmulator:PreTokenGenerationVersion"] = version });
        pool.AddUser();
        pool.Triggers.Override = AddingClaims(new ScriptedTriggers());

        var tokens = await pool.SignInAsync();

        var id = new JsonWebToken(tokens["IdToken"]!.GetValue<string>());
        var access = new JsonWebToken(tokens["AccessToken"]!.GetValue<string>());
        Assert.Equal("acme", id.GetPayloadValue<string>("tenant"));
        Assert.NotEqual("forged", id.Subject);
        Assert.False(id.TryGetClaim("count", out _));
        Assert.Equal(inAccessToken, access.TryGetPayloadValue<string>("tenant", out _));
        var sent = Assert.Single(pool.Triggers.EventsOf(UserPoolTrigger.PreTokenGeneration));
        Assert.Equal(version, sent["version"]!.GetValue<string>());
        Assert.Equal("TokenGeneration_Authentication", sent["triggerSource"]!.GetValue<string>());
        Assert.Equal("00D000000000001AAA", sent["request"]!["userAttributes"]!["custom:sf_org_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_runs_it_again_as_TokenGeneration_RefreshTokens()
    {
        using var pool = new EmulatorHarness();
        pool.AddUser();
        pool.Triggers.Override = AddingClaims(new ScriptedTriggers());
        var tokens = await pool.SignInAsync();

        var refreshed = await pool.CallAsync("GetTokensFromRefreshToken", new JsonObject
        {
            ["ClientId"] = EmulatorHarness.ClientId,
            ["RefreshToken"] = tokens["RefreshToken"]!.GetValue<string>(),
        });

        Assert.Equal("acme", new JsonWebToken(refreshed["AuthenticationResult"]!["IdToken"]!.GetValue<string>()).GetPayloadValue<string>("tenant"));
        Assert.Equal(
            ["TokenGeneration_Authentication", "TokenGeneration_RefreshTokens"],
            pool.Triggers.EventsOf(UserPoolTrigger.PreTokenGeneration).Select(sent => sent["triggerSource"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_failing_pre_token_trigger_fails_the_sign_in_as_cognito_reports_it()
    {
        using var pool = new EmulatorHarness();
        pool.AddUser();
        var scripted = new ScriptedTriggers();
        pool.Triggers.Override = (trigger, received, cancellationToken) => trigger == UserPoolTrigger.PreTokenGeneration
            ? throw new InvalidOperationException("no claims today")
            : scripted.InvokeAsync(trigger, JsonSerializer.SerializeToUtf8Bytes(received), cancellationToken).AsTask();
        var started = await pool.InitiateAsync();

        var answer = await pool.AnswerAsync(started["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer);

        Assert.Equal(("UserLambdaValidationException", "PreTokenGeneration failed with error no claims today."), EmulatorHarness.ErrorOf(answer));
    }
}
