using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>Tokens, refresh, revocation, the admin calls and the error shapes.</summary>
public sealed class TokenAndApiTests : IDisposable
{
    private readonly EmulatorHarness pool = new();

    public TokenAndApiTests() => pool.AddUser();

    public void Dispose() => pool.Dispose();

    [Fact]
    public async Task Tokens_carry_cognitos_claims_and_verify_against_the_jwks()
    {
        var tokens = await pool.SignInAsync();
        var jwks = new JsonWebKeySet(pool.Get<SigningKey>().Jwks().ToJsonString());
        var handler = new JsonWebTokenHandler();
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SfSsoLocal",
            ValidAudience = EmulatorHarness.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false,
        };

        var id = await handler.ValidateTokenAsync(tokens["IdToken"]!.GetValue<string>(), parameters);
        Assert.True(id.IsValid, id.Exception?.Message);
        var idToken = (JsonWebToken)id.SecurityToken;
        Assert.Equal(pool.Get<SigningKey>().KeyId, idToken.Kid);
        Assert.Equal("id", idToken.GetClaim("token_use").Value);
        Assert.Equal(EmulatorHarness.Username, idToken.GetClaim("cognito:username").Value);
        Assert.True(idToken.GetPayloadValue<bool>("email_verified"));
        Assert.Equal("00D000000000001AAA", idToken.GetPayloadValue<string>("custom:sf_org_id"));
        Assert.Equal(pool.Time.GetUtcNow().ToUnixTimeSeconds() + 3600, idToken.GetPayloadValue<long>("exp"));
        Assert.False(idToken.TryGetClaim("client_id", out _));

        var access = new JsonWebToken(tokens["AccessToken"]!.GetValue<string>());
        Assert.False(access.TryGetClaim("aud", out _));
        Assert.Equal(EmulatorHarness.ClientId, access.GetPayloadValue<string>("client_id"));
        Assert.Equal("aws.cognito.signin.user.admin", access.GetPayloadValue<string>("scope"));
        Assert.Equal(idToken.GetPayloadValue<string>("origin_jti"), access.GetPayloadValue<string>("origin_jti"));
        Assert.Equal(3600, tokens["ExpiresIn"]!.GetValue<int>());
        Assert.Equal("Bearer", tokens["TokenType"]!.GetValue<string>());
        Assert.Null(tokens["NewDeviceMetadata"]);
    }

    [Fact]
    public async Task Access_tokens_expire_after_an_hour_and_refresh_tokens_after_thirty_days()
    {
        var tokens = await pool.SignInAsync();
        pool.Time.Advance(TimeSpan.FromSeconds(3600));
        var getUser = await pool.SendAsync("GetUser", new JsonObject { ["AccessToken"] = tokens["AccessToken"]!.GetValue<string>() });
        Assert.Equal(("NotAuthorizedException", "Access Token has expired"), EmulatorHarness.ErrorOf(getUser));

        var refreshed = await pool.CallAsync("GetTokensFromRefreshToken", Refresh(tokens));
        Assert.Null(refreshed["AuthenticationResult"]!["RefreshToken"]);
        Assert.Equal(EmulatorHarness.Username, (await pool.CallAsync("GetUser", new JsonObject
        {
            ["AccessToken"] = refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>(),
        }))["Username"]!.GetValue<string>());

        pool.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal("Refresh Token has expired", EmulatorHarness.ErrorOf(await pool.SendAsync("GetTokensFromRefreshToken", Refresh(tokens))).Message);
    }

    [Fact]
    public async Task A_refresh_for_a_user_disabled_since_sign_in_is_refused()
    {
        var tokens = await pool.SignInAsync();
        pool.Users.SetEnabled(EmulatorHarness.Username, enabled: false);

        Assert.Equal(("NotAuthorizedException", "User is disabled."), EmulatorHarness.ErrorOf(await pool.SendAsync("GetTokensFromRefreshToken", Refresh(tokens))));
    }

    [Fact]
    public async Task A_forged_or_foreign_access_token_is_invalid()
    {
        var tokens = await pool.SignInAsync();
        var parts = tokens["AccessToken"]!.GetValue<string>().Split('.');
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"token_use\":\"access\",\"username\":\"admin\"}")}.{parts[2]}";

        var answer = await pool.SendAsync("GetUser", new JsonObject { ["AccessToken"] = forged });

        Assert.Equal(("NotAuthorizedException", "Invalid Access Token"), EmulatorHarness.ErrorOf(answer));
        var idTokenAsAccess = await pool.SendAsync("GetUser", new JsonObject { ["AccessToken"] = tokens["IdToken"]!.GetValue<string>() });
        Assert.Equal("Invalid Access Token", EmulatorHarness.ErrorOf(idTokenAsAccess).Message);
    }

    [Fact]
    public async Task Admin_calls_need_a_SigV4_authorization_header()
    {
        var unsigned = await pool.SendAsync("AdminGetUser", new JsonObject { ["UserPoolId"] = EmulatorHarness.PoolId, ["Username"] = EmulatorHarness.Username });
        Assert.Equal(("MissingAuthenticationTokenException", "Missing Authentication Token"), EmulatorHarness.ErrorOf(unsigned));

        var signed = await pool.CallAsync("AdminGetUser", new JsonObject { ["UserPoolId"] = EmulatorHarness.PoolId, ["Username"] = EmulatorHarness.Username }, signed: true);
        Assert.Equal("FORCE_CHANGE_PASSWORD", signed["UserStatus"]!.GetValue<string>());
        Assert.True(signed["Enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Admin_create_update_and_list_follow_cognito()
    {
        var create = new JsonObject
        {
            ["UserPoolId"] = EmulatorHarness.PoolId,
            ["Username"] = "sf_new",
            ["MessageAction"] = "SUPPRESS",
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "email", ["Value"] = "new\"q@example.com" }),
        };
        var created = await pool.CallAsync("AdminCreateUser", create, signed: true);
        Assert.Equal("sf_new", created["User"]!["Username"]!.GetValue<string>());
        Assert.Equal(("UsernameExistsException", "User account already exists"), EmulatorHarness.ErrorOf(await pool.SendAsync("AdminCreateUser", create, signed: true)));

        var unknownAttribute = await pool.SendAsync("AdminUpdateUserAttributes", new JsonObject
        {
            ["UserPoolId"] = EmulatorHarness.PoolId,
            ["Username"] = "sf_new",
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "custom:role", ["Value"] = "admin" }),
        }, signed: true);
        Assert.Equal("InvalidParameterException", EmulatorHarness.ErrorOf(unknownAttribute).Type);

        var listed = await pool.CallAsync("ListUsers", new JsonObject
        {
            ["UserPoolId"] = EmulatorHarness.PoolId,
            ["Filter"] = "email = \"new\\\"q@example.com\"",
            ["Limit"] = 2,
        }, signed: true);
        Assert.Equal("sf_new", Assert.Single(listed["Users"]!.AsArray())!["Username"]!.GetValue<string>());
        Assert.Equal("InvalidParameterException", EmulatorHarness.ErrorOf(await pool.SendAsync("ListUsers", new JsonObject
        {
            ["UserPoolId"] = EmulatorHarness.PoolId,
            ["Filter"] = "custom:sf_org_id = \"x\"",
        }, signed: true)).Type);
        Assert.Equal("ResourceNotFoundException", EmulatorHarness.ErrorOf(await pool.SendAsync("ListUsers", new JsonObject
        {
            ["UserPoolId"] = "us-east-1_Other",
        }, signed: true)).Type);
    }

    [Theory]
    [InlineData("InitiateAuth", "{not json", "SerializationException")]
    [InlineData("InitiateAuth", """{"AuthFlow":"CUSTOM_AUTH","ClientId":"other","AuthParameters":{"USERNAME":"u"}}""", "ResourceNotFoundException")]
    [InlineData("InitiateAuth", """{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"sfssolocal"}""", "InvalidParameterException")]
    [InlineData("InitiateAuth", """{"AuthFlow":"MAGIC","ClientId":"sfssolocal"}""", "InvalidParameterException")]
    [InlineData("InitiateAuth", """{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"sfssolocal","AuthParameters":{"REFRESH_TOKEN":"nope","DEVICE_KEY":null}}""", "NotAuthorizedException")]
    [InlineData("RespondToAuthChallenge", """{"ClientId":"sfssolocal","ChallengeName":"CUSTOM_CHALLENGE","Session":"unknown-session-0123456789","ChallengeResponses":{"USERNAME":"u","ANSWER":"a"}}""", "NotAuthorizedException")]
    [InlineData("DeleteUserPool", "{}", "UnknownOperationException")]
    public async Task Client_mistakes_are_400s_with_cognitos_error_names(string operation, string body, string type)
    {
        var response = await pool.Emulator.HandleAsync(Contracts.CognitoWire.TargetPrefix + operation, AdminSignatureCheck.Missing, System.Text.Encoding.UTF8.GetBytes(body), default);

        Assert.Equal(type, EmulatorHarness.ErrorOf(response).Type);
    }

    [Fact]
    public async Task No_log_line_carries_an_answer_a_token_or_a_session()
    {
        var started = await pool.InitiateAsync();
        var session = started["Session"]!.GetValue<string>();
        var done = await pool.AnswerAsync(session, ScriptedTriggers.RightAnswer);
        var tokens = JsonNode.Parse(done.Body)!["AuthenticationResult"]!;

        var logs = LogText.Of(pool.Logs);
        Assert.NotEmpty(logs);
        SecretAssert.NoneIn(logs, session, tokens["RefreshToken"]!.GetValue<string>(), tokens["AccessToken"]!.GetValue<string>());
        Assert.DoesNotContain(logs, line => line.Contains($"={ScriptedTriggers.RightAnswer}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kept_signing_key_survives_a_restart_and_is_owner_only()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sfsso-key-{Guid.NewGuid():N}.pem");
        try
        {
            var settings = new Dictionary<string, string?> { ["CognitoEmulator:SigningKeyFile"] = file };
            string first;
            using (var run = new EmulatorHarness(settings: settings))
            {
                first = run.Get<SigningKey>().KeyId;
            }

            using var again = new EmulatorHarness(settings: settings);
            using var fresh = new EmulatorHarness();
            Assert.Equal(first, again.Get<SigningKey>().KeyId);
            Assert.NotEqual(first, fresh.Get<SigningKey>().KeyId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonObject Refresh(JsonObject tokens) => new()
    {
        ["ClientId"] = EmulatorHarness.ClientId,
        ["RefreshToken"] = tokens["RefreshToken"]!.GetValue<string>(),
    };
}

/// <summary>The pool's schema: Cognito's standard attributes and only the custom ones its host declares.</summary>
public sealed class PoolSchemaTests
{
    [Fact]
    public void Only_the_custom_attributes_the_host_declares_are_accepted()
    {
        using var pool = new EmulatorHarness(settings: new() { ["CognitoEmulator:CustomAttributes:2"] = "custom:team" });
        using var bare = new EmulatorHarness(settings: new() { ["CognitoEmulator:CustomAttributes:0"] = "custom:team", ["CognitoEmulator:CustomAttributes:1"] = "custom:team" });

        var created = pool.Users.Create("with_team", new Dictionary<string, string> { ["email"] = "a@example.com", ["custom:team"] = "blue" });
        var refused = Assert.Throws<UserPoolException>(() => pool.Users.Create("other", new Dictionary<string, string> { ["custom:other"] = "x" }));
        var undeclared = Assert.Throws<UserPoolException>(() => bare.Users.Create("sf", new Dictionary<string, string> { ["custom:sf_org_id"] = "00D000000000001AAA" }));

        Assert.Equal("blue", created.Attributes["custom:team"]);
        Assert.Contains("{custom:other}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("{custom:sf_org_id}", undeclared.Message, StringComparison.Ordinal);
    }
}
