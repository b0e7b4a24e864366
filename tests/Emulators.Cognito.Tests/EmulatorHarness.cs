using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>The emulated pool as the local stack wires it, on a fake clock, with scripted triggers that record every
/// event they receive.</summary>
internal sealed class EmulatorHarness : IDisposable
{
    public const string PoolId = LocalCognitoOptions.DefaultUserPoolId;
    public const string ClientId = LocalCognitoOptions.DefaultClientId;
    public const string Username = "sf_user_1";

    private readonly ServiceProvider provider;

    public EmulatorHarness(ScriptedTriggers? triggers = null, Dictionary<string, string?>? settings = null, bool withTriggers = true)
    {
        Triggers = triggers ?? new ScriptedTriggers();
        // The custom attributes a pool of this product declares, given as any host of the emulator gives them.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CognitoEmulator:CustomAttributes:0"] = "custom:sf_org_id",
            ["CognitoEmulator:CustomAttributes:1"] = "custom:sf_user_id",
        }).AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSingleton<TimeProvider>(Time);
        services.AddLocalCognito(configuration);
        if (withTriggers)
        {
            services.AddSingleton<IUserPoolTriggers>(Triggers);
        }

        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public ScriptedTriggers Triggers { get; }

    public UserPoolEmulator Emulator => provider.GetRequiredService<UserPoolEmulator>();

    public PoolUsers Users => provider.GetRequiredService<PoolUsers>();

    public FakeLogCollector Logs => provider.GetFakeLogCollector();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public PoolUser AddUser(string username = Username, string email = "user@example.com") =>
        Users.Create(username, new Dictionary<string, string> { ["email"] = email, ["email_verified"] = "true", ["custom:sf_org_id"] = "00D000000000001AAA" });

    public Task<EmulatorResponse> SendAsync(string operation, JsonObject body, bool signed = false, CancellationToken cancellationToken = default) =>
        Emulator.HandleAsync(Contracts.CognitoWire.TargetPrefix + operation, signed ? AdminSignatureCheck.Valid : AdminSignatureCheck.Missing, Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);

    public async Task<JsonObject> CallAsync(string operation, JsonObject body, bool signed = false)
    {
        var response = await SendAsync(operation, body, signed);
        Assert.True(response.Status == 200, $"{operation} answered {response.Status}: {response.Body}");
        return JsonNode.Parse(response.Body)!.AsObject();
    }

    public static (string Type, string Message) ErrorOf(EmulatorResponse response)
    {
        Assert.Equal(400, response.Status);
        var body = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal(2, body.Count);
        Assert.Equal(response.ErrorType, body["__type"]!.GetValue<string>());
        return (body["__type"]!.GetValue<string>(), body["message"]!.GetValue<string>());
    }

    public Task<JsonObject> InitiateAsync(string username = Username, JsonObject? clientMetadata = null) =>
        CallAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = ClientId,
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = username },
            ["ClientMetadata"] = clientMetadata ?? new JsonObject { ["from"] = "initiate" },
        });

    public Task<EmulatorResponse> AnswerAsync(string session, string answer, string username = Username, JsonObject? clientMetadata = null) =>
        SendAsync("RespondToAuthChallenge", new JsonObject
        {
            ["ClientId"] = ClientId,
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = session,
            ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = username, ["ANSWER"] = answer },
            ["ClientMetadata"] = clientMetadata ?? new JsonObject { ["from"] = "respond" },
        });

    public async Task<JsonObject> SignInAsync()
    {
        var started = await InitiateAsync();
        var done = await AnswerAsync(started["Session"]!.GetValue<string>(), ScriptedTriggers.RightAnswer);
        Assert.Equal(200, done.Status);
        return JsonNode.Parse(done.Body)!["AuthenticationResult"]!.AsObject();
    }

    public void Dispose() => provider.Dispose();
}

/// <summary>
/// Triggers that behave like a simple custom-auth app (one question, three tries) unless a test replaces one, and
/// record each event exactly as the pool sent it.
/// </summary>
internal sealed class ScriptedTriggers : IUserPoolTriggers
{
    public const string RightAnswer = "the-right-answer";

    public ConcurrentQueue<(UserPoolTrigger Trigger, JsonObject Event)> Events { get; } = new();

    public Func<UserPoolTrigger, JsonObject, CancellationToken, Task<byte[]>>? Override { get; set; }

    public IEnumerable<JsonObject> EventsOf(UserPoolTrigger trigger) =>
        Events.Where(entry => entry.Trigger == trigger).Select(entry => entry.Event);

    public async ValueTask<byte[]> InvokeAsync(UserPoolTrigger trigger, byte[] eventJson, CancellationToken cancellationToken)
    {
        var received = JsonNode.Parse(eventJson)!.AsObject();
        Events.Enqueue((trigger, received.DeepClone().AsObject()));
        if (Override is { } replaced)
        {
            return await replaced(trigger, received, cancellationToken);
        }

        var request = received["request"]!.AsObject();
        var response = received["response"]!.AsObject();
        switch (trigger)
        {
            case UserPoolTrigger.DefineAuthChallenge:
                var rounds = request["session"]!.AsArray();
                bool? last = rounds.Count == 0 ? null : rounds[^1]!["challengeResult"]!.GetValue<bool>();
                response["issueTokens"] = last == true;
                response["failAuthentication"] = last != true && rounds.Count >= 3;
                response["challengeName"] = last != true && rounds.Count < 3 ? "CUSTOM_CHALLENGE" : null;
                break;
            case UserPoolTrigger.CreateAuthChallenge:
                var round = request["session"]!.AsArray().Count + 1;
                response["publicChallengeParameters"] = new JsonObject { ["question"] = "the answer?", ["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                response["privateChallengeParameters"] = new JsonObject { ["answer"] = RightAnswer };
                response["challengeMetadata"] = $"round-{round}";
                break;
            case UserPoolTrigger.VerifyAuthChallengeResponse:
                response["answerCorrect"] = request["challengeAnswer"]!.GetValue<string>() == request["privateChallengeParameters"]!["answer"]!.GetValue<string>();
                break;
        }

        return JsonSerializer.SerializeToUtf8Bytes(received);
    }
}
