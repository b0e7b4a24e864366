using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>Refresh token rotation as Cognito documents it: on a rotating app client GetTokensFromRefreshToken hands
/// out a new refresh token each time, the replaced one works for the retry grace period only and is refused as reused
/// after it, the session never outlives the first sign-in's expiry, and REFRESH_TOKEN_AUTH is not allowed.</summary>
public sealed class RefreshTokenRotationTests : IDisposable
{
    private readonly EmulatorHarness pool = new(settings: new()
    {
        ["CognitoEmulator:RefreshTokenRotation"] = "true",
        ["CognitoEmulator:RefreshTokenRetryGraceSeconds"] = "10",
        ["CognitoEmulator:RefreshTokenHours"] = "2",
    });

    public RefreshTokenRotationTests() => pool.AddUser();

    public void Dispose() => pool.Dispose();

    private static JsonObject Refresh(string refreshToken) =>
        new() { ["ClientId"] = EmulatorHarness.ClientId, ["RefreshToken"] = refreshToken };

    private static string RefreshTokenOf(JsonObject answer) => answer["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>();

    [Fact]
    public async Task Each_refresh_hands_out_a_new_refresh_token_that_refreshes_in_turn()
    {
        var first = (await pool.SignInAsync())["RefreshToken"]!.GetValue<string>();

        var second = RefreshTokenOf(await pool.CallAsync("GetTokensFromRefreshToken", Refresh(first)));
        var third = await pool.CallAsync("GetTokensFromRefreshToken", Refresh(second));

        Assert.NotEqual(first, second);
        Assert.NotEqual(second, RefreshTokenOf(third));
        Assert.NotNull(third["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task A_replaced_token_works_within_the_grace_period_and_is_refused_as_reused_after_it()
    {
        var first = (await pool.SignInAsync())["RefreshToken"]!.GetValue<string>();
        await pool.CallAsync("GetTokensFromRefreshToken", Refresh(first));

        pool.Time.Advance(TimeSpan.FromSeconds(9));
        var retried = await pool.SendAsync("GetTokensFromRefreshToken", Refresh(first));
        pool.Time.Advance(TimeSpan.FromSeconds(1));
        var reused = await pool.SendAsync("GetTokensFromRefreshToken", Refresh(first));

        Assert.Equal(200, retried.Status);
        Assert.Equal("RefreshTokenReuseException", EmulatorHarness.ErrorOf(reused).Type);
    }

    [Fact]
    public async Task With_no_grace_period_a_replaced_token_is_refused_at_once()
    {
        using var strict = new EmulatorHarness(settings: new() { ["CognitoEmulator:RefreshTokenRotation"] = "true" });
        strict.AddUser();
        var first = (await strict.SignInAsync())["RefreshToken"]!.GetValue<string>();
        await strict.CallAsync("GetTokensFromRefreshToken", Refresh(first));

        Assert.Equal("RefreshTokenReuseException", EmulatorHarness.ErrorOf(await strict.SendAsync("GetTokensFromRefreshToken", Refresh(first))).Type);
    }

    [Fact]
    public async Task Rotation_never_extends_the_sign_in_beyond_its_refresh_token_lifetime()
    {
        var token = (await pool.SignInAsync())["RefreshToken"]!.GetValue<string>();
        for (var minutes = 0; minutes < 110; minutes += 10)
        {
            pool.Time.Advance(TimeSpan.FromMinutes(10));
            token = RefreshTokenOf(await pool.CallAsync("GetTokensFromRefreshToken", Refresh(token)));
        }

        pool.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(("NotAuthorizedException", "Refresh Token has expired"), EmulatorHarness.ErrorOf(await pool.SendAsync("GetTokensFromRefreshToken", Refresh(token))));
    }

    [Fact]
    public async Task Refresh_token_auth_is_not_allowed_on_a_rotating_client()
    {
        var token = (await pool.SignInAsync())["RefreshToken"]!.GetValue<string>();

        var refused = await pool.SendAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["ClientId"] = EmulatorHarness.ClientId,
            ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = token },
        });

        Assert.Equal(("InvalidParameterException", "Auth flow not enabled for this client"), EmulatorHarness.ErrorOf(refused));
    }

    [Fact]
    public async Task Revoking_a_rotated_token_ends_the_whole_sign_in()
    {
        var first = (await pool.SignInAsync())["RefreshToken"]!.GetValue<string>();
        var second = RefreshTokenOf(await pool.CallAsync("GetTokensFromRefreshToken", Refresh(first)));

        await pool.CallAsync("RevokeToken", new JsonObject { ["ClientId"] = EmulatorHarness.ClientId, ["Token"] = second });

        Assert.Equal("Refresh Token has been revoked", EmulatorHarness.ErrorOf(await pool.SendAsync("GetTokensFromRefreshToken", Refresh(second))).Message);
    }

    [Fact]
    public void A_grace_period_beyond_cognitos_bound_is_refused_at_start()
    {
        var invalid = new LocalCognitoOptionsValidator(LocalCognitoOptions.Section).Validate(null, new LocalCognitoOptions { RefreshTokenRetryGraceSeconds = 61 });

        Assert.Contains("RefreshTokenRetryGraceSeconds must be from 0 to 60", invalid.FailureMessage, StringComparison.Ordinal);
    }
}
