using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.LocalCognito;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>
/// The token issuer contract, met by the Cognito adapter against the local stack's user pool emulator over HTTP
/// (signed admin calls, the custom-auth state machine), whose triggers accept one session per user as the answer.
/// </summary>
public sealed class CognitoTokenIssuerContractTests : TokenIssuerContract, IAsyncLifetime, IDisposable
{
    private readonly OneQuestionTriggers triggers = new();
    private WebApplication? emulator;
    private CognitoHarness? harness;
    private string url = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Loopback.FreePort()}");
        builder.Services.AddLocalCognito(pool => pool.CustomAttributes = [UserAttributes.SalesforceOrgId, UserAttributes.SalesforceUserId]);
        builder.Services.AddSingleton<IUserPoolTriggers>(triggers);
        emulator = builder.Build();
        emulator.RunLocalCognito();
        await emulator.StartAsync();
        url = emulator.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }
    }

    public void Dispose() => harness?.Dispose();

    protected override Task<ITokenIssuer> CreateIssuerAsync(string username, SalesforceSession acceptedSession)
    {
        emulator!.Services.GetRequiredService<PoolUsers>().Create(username, new Dictionary<string, string> { ["email"] = Samples.Email, ["email_verified"] = "true" });
        triggers.Accepted[username] = acceptedSession.Reveal();
        harness = new CognitoHarness(
            url,
            LocalCognitoOptions.DefaultUserPoolId,
            settings: new Dictionary<string, string?> { ["Cognito:Region"] = "us-east-1", ["Exchange:ClientId"] = LocalCognitoOptions.DefaultClientId },
            credentials: AdminSignature.LocalCredentials);
        return Task.FromResult(harness.Issuer);
    }

    protected override string? TicketSeenByTheDirectory => triggers.LastTicket;

    protected override string LogText() => harness is null ? string.Empty : string.Join("\n", Testing.LogText.Of(harness.Logs));

    [Fact]
    public async Task A_refused_answer_is_one_attempt_not_three()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, new SalesforceSession(Samples.Session));

        await issuer.IssueAsync(Samples.Username, new SalesforceSession(Samples.OtherUserSession), CancellationToken.None);

        Assert.Equal(["AdminInitiateAuth", "AdminRespondToAuthChallenge"], harness!.Operations);
    }

    /// <summary>A custom-auth app with one question per user: the answer must be that user's accepted session.</summary>
    private sealed class OneQuestionTriggers : IUserPoolTriggers
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
