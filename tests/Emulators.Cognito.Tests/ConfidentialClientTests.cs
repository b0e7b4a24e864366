using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>A confidential app client, as Cognito treats one: every sign-in and refresh call carries SECRET_HASH
/// (Base64 HMAC-SHA256 of username + client ID, keyed with the client secret), refused with Cognito's own words when
/// missing or wrong; the public client needs none.</summary>
public sealed class ConfidentialClientTests : IDisposable
{
    private const string Confidential = "confidentialclient";
    private const string Secret = "the-confidential-client-secret";

    private readonly EmulatorHarness pool = new(settings: new()
    {
        ["CognitoEmulator:ConfidentialClientId"] = Confidential,
        ["CognitoEmulator:ConfidentialClientSecret"] = Secret,
    });

    public ConfidentialClientTests() => pool.AddUser();

    public void Dispose() => pool.Dispose();

    private static string SecretHash(string username, string secret = Secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username + Confidential)));

    private Task<EmulatorResponse> InitiateAsync(string? secretHash)
    {
        var parameters = new JsonObject { ["USERNAME"] = EmulatorHarness.Username };
        if (secretHash is not null)
        {
            parameters["SECRET_HASH"] = secretHash;
        }

        return pool.SendAsync("InitiateAuth", new JsonObject { ["AuthFlow"] = "CUSTOM_AUTH", ["ClientId"] = Confidential, ["AuthParameters"] = parameters });
    }

    [Fact]
    public async Task Without_secret_hash_a_confidential_clients_sign_in_is_refused_as_cognito_refuses_it()
    {
        var response = await InitiateAsync(secretHash: null);

        Assert.Equal(("NotAuthorizedException", $"Client {Confidential} is configured for secret but secret was not received"), EmulatorHarness.ErrorOf(response));
    }

    [Fact]
    public async Task A_wrong_secret_hash_is_refused_as_cognito_refuses_it()
    {
        var response = await InitiateAsync(SecretHash(EmulatorHarness.Username, "another-secret"));

        Assert.Equal(("NotAuthorizedException", $"Unable to verify secret hash for client {Confidential}"), EmulatorHarness.ErrorOf(response));
    }

    [Fact]
    public async Task With_its_secret_hash_on_every_call_a_confidential_client_signs_in_and_refreshes()
    {
        var started = JsonNode.Parse((await InitiateAsync(SecretHash(EmulatorHarness.Username))).Body)!;
        var answerWithoutHash = await pool.SendAsync("RespondToAuthChallenge", Answer(started, secretHash: null));
        var answered = await pool.SendAsync("RespondToAuthChallenge", Answer(started, SecretHash(EmulatorHarness.Username)));
        var refreshToken = JsonNode.Parse(answered.Body)!["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>();
        var refreshWithoutHash = await pool.SendAsync("InitiateAuth", Refresh(refreshToken, secretHash: null));
        var refreshed = await pool.SendAsync("InitiateAuth", Refresh(refreshToken, SecretHash(EmulatorHarness.Username)));
        var publicClient = await pool.InitiateAsync();

        Assert.Equal("NotAuthorizedException", EmulatorHarness.ErrorOf(answerWithoutHash).Type);
        Assert.Equal(200, answered.Status);
        Assert.Equal("NotAuthorizedException", EmulatorHarness.ErrorOf(refreshWithoutHash).Type);
        Assert.Equal(200, refreshed.Status);
        Assert.Equal("CUSTOM_CHALLENGE", publicClient["ChallengeName"]!.GetValue<string>());
    }

    private static JsonObject Answer(JsonNode started, string? secretHash)
    {
        var responses = new JsonObject { ["USERNAME"] = EmulatorHarness.Username, ["ANSWER"] = ScriptedTriggers.RightAnswer };
        if (secretHash is not null)
        {
            responses["SECRET_HASH"] = secretHash;
        }

        return new JsonObject
        {
            ["ClientId"] = Confidential,
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = started["Session"]!.GetValue<string>(),
            ["ChallengeResponses"] = responses,
        };
    }

    private static JsonObject Refresh(string refreshToken, string? secretHash)
    {
        var parameters = new JsonObject { ["REFRESH_TOKEN"] = refreshToken };
        if (secretHash is not null)
        {
            parameters["SECRET_HASH"] = secretHash;
        }

        return new JsonObject { ["AuthFlow"] = "REFRESH_TOKEN_AUTH", ["ClientId"] = Confidential, ["AuthParameters"] = parameters };
    }
}
