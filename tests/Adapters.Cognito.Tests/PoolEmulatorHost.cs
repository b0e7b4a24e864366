using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Contracts;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>
/// The local stack's user pool emulator on a loopback port, for the Cognito adapter's contract rows: signed admin
/// calls and the custom-auth state machine over HTTP, with triggers that accept one session per user as the answer.
/// </summary>
internal sealed class PoolEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication emulator;

    private PoolEmulatorHost(WebApplication emulator, OneQuestionTriggers triggers) => (this.emulator, Triggers) = (emulator, triggers);

    public OneQuestionTriggers Triggers { get; }

    public string Url => emulator.Urls.Single();

    public PoolUsers Users => emulator.Services.GetRequiredService<PoolUsers>();

    public UserPoolEmulator Api => emulator.Services.GetRequiredService<UserPoolEmulator>();

    /// <param name="enforceQuotas">The pool refuses requests past Cognito's per-category rates, as Cognito does.</param>
    /// <param name="time">The pool's clock (the real one unless given).</param>
    public static async Task<PoolEmulatorHost> StartAsync(bool enforceQuotas = false, TimeProvider? time = null)
    {
        var triggers = new OneQuestionTriggers();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Loopback.FreePort()}");
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddLocalCognito(pool =>
        {
            pool.CustomAttributes = [.. UserAttributes.Custom];
            pool.EnforceQuotas = enforceQuotas;
        });
        builder.Services.AddSingleton<IUserPoolTriggers>(triggers);
        var emulator = builder.Build();
        emulator.RunLocalCognito();
        await emulator.StartAsync();
        return new PoolEmulatorHost(emulator, triggers);
    }

    /// <summary>The Cognito adapter for this pool, signing as the emulator's admin, with the exchange's app client.</summary>
    public CognitoHarness Adapter() => new(
        Url,
        LocalCognitoOptions.DefaultUserPoolId,
        settings: new Dictionary<string, string?> { ["Cognito:Region"] = "us-east-1", ["Exchange:ClientId"] = LocalCognitoOptions.DefaultClientId },
        credentials: AdminSignature.LocalCredentials);

    /// <summary>A user as the product creates one, whose answer is <paramref name="acceptedSession"/>.</summary>
    public void AddUser(string username, string acceptedSession)
    {
        Users.Create(username, new Dictionary<string, string> { ["email"] = Samples.Email, ["email_verified"] = "true" });
        Triggers.Accepted[username] = acceptedSession;
    }

    /// <summary>A refresh with Cognito's public API, as any app does: the new ID token, or Cognito's error type and message.</summary>
    public async Task<(bool Refreshed, string? Error)> RefreshAsync(string refreshToken)
    {
        var body = new JsonObject
        {
            ["AuthFlow"] = "REFRESH_TOKEN_AUTH",
            ["ClientId"] = LocalCognitoOptions.DefaultClientId,
            ["AuthParameters"] = new JsonObject { ["REFRESH_TOKEN"] = refreshToken },
        };
        var answer = await Api.HandleAsync(Contracts.CognitoWire.TargetPrefix + "InitiateAuth", Emulators.Cognito.AdminSignatureCheck.Missing, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), CancellationToken.None);
        return answer.Status == 200 ? (true, null) : (false, $"{answer.ErrorType}: {answer.ErrorMessage}");
    }

    public ValueTask DisposeAsync() => emulator.DisposeAsync();

    /// <summary>A custom-auth app with one question per user: the answer must be that user's accepted session.</summary>
    public sealed class OneQuestionTriggers : IUserPoolTriggers
    {
        public ConcurrentDictionary<string, string> Accepted { get; } = new(StringComparer.Ordinal);

        public string? LastTicket { get; private set; }

        public ValueTask<byte[]> InvokeAsync(UserPoolTrigger trigger, byte[] eventJson, CancellationToken cancellationToken)
        {
            var received = JsonNode.Parse(eventJson)!.AsObject();
            var request = received["request"]!.AsObject();
            var response = received["response"]!.AsObject();
            switch (trigger)
            {
                case UserPoolTrigger.DefineAuthChallenge:
                    var rounds = request["session"]!.AsArray();
                    var answered = rounds.Count > 0 && rounds[^1]!["challengeResult"]!.GetValue<bool>();
                    response["issueTokens"] = answered;
                    response["failAuthentication"] = !answered && rounds.Count >= 3;
                    response["challengeName"] = !answered && rounds.Count < 3 ? "CUSTOM_CHALLENGE" : null;
                    break;
                case UserPoolTrigger.VerifyAuthChallengeResponse:
                    LastTicket = request["clientMetadata"]?["ticket"]?.GetValue<string>();
                    var user = received["userName"]!.GetValue<string>();
                    response["answerCorrect"] = Accepted.TryGetValue(user, out var accepted) && request["challengeAnswer"]!.GetValue<string>() == accepted;
                    break;
            }

            return ValueTask.FromResult(JsonSerializer.SerializeToUtf8Bytes(received));
        }
    }
}
