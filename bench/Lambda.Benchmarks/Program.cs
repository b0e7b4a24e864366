using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Tickets;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Hosts.Lambda;

if (args is ["--sign-in-events", var directory])
{
    SignInEvents.Write(directory);
    return;
}

if (args is ["--percentiles"])
{
    Percentiles.Run(CognitoTrigger.DefineAuthChallenge, TriggerEvents.Define);
    Percentiles.Run(CognitoTrigger.CreateAuthChallenge, TriggerEvents.Create);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(TriggerBenchmarks).Assembly).Run(args);

internal static class TriggerEvents
{
    public static readonly byte[] Define = Encoding.UTF8.GetBytes("""
        {"version":"1","region":"eu-west-1","userPoolId":"eu-west-1_AbC123","userName":"sf_00D6g000006wre4EAA_0056g0000049jc6AAA",
         "callerContext":{"awsSdkVersion":"aws-sdk-js-3.0.0","clientId":"client"},"triggerSource":"DefineAuthChallenge_Authentication",
         "request":{"userAttributes":{"sub":"4A709A36-7D63-4785-829D-4198EF10EBDA","email":"support@backflipt.com"},
           "session":[{"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"SALESFORCE_SESSION"}],"userNotFound":false},
         "response":{}}
        """);

    public static readonly byte[] Create = Encoding.UTF8.GetBytes("""
        {"version":"1","region":"eu-west-1","userPoolId":"eu-west-1_AbC123","userName":"sf_00D6g000006wre4EAA_0056g0000049jc6AAA",
         "callerContext":{"awsSdkVersion":"aws-sdk-js-3.0.0","clientId":"client"},"triggerSource":"CreateAuthChallenge_Authentication",
         "request":{"userAttributes":{"sub":"4A709A36-7D63-4785-829D-4198EF10EBDA","email":"support@backflipt.com"},"challengeName":"CUSTOM_CHALLENGE",
           "session":[],"userNotFound":false},
         "response":{}}
        """);

    public static CognitoTriggerHandler Handler(CognitoTrigger trigger) =>
        LambdaComposition.Build(trigger, new ConfigurationBuilder().Build(), TextWriter.Null).GetRequiredService<CognitoTriggerHandler>();
}

[MemoryDiagnoser]
public class TriggerBenchmarks
{
    private readonly CognitoTriggerHandler define = TriggerEvents.Handler(CognitoTrigger.DefineAuthChallenge);
    private readonly CognitoTriggerHandler create = TriggerEvents.Handler(CognitoTrigger.CreateAuthChallenge);

    [Benchmark]
    public ValueTask<byte[]> DefineAuthChallenge() =>
        define.HandleAsync(CognitoTrigger.DefineAuthChallenge, TriggerEvents.Define, CancellationToken.None);

    [Benchmark]
    public ValueTask<byte[]> CreateAuthChallenge() =>
        create.HandleAsync(CognitoTrigger.CreateAuthChallenge, TriggerEvents.Create, CancellationToken.None);
}

/// <summary>Per-invocation latency distribution (BenchmarkDotNet reports means of batches, not a p99 per call).</summary>
internal static class Percentiles
{
    private const int Warmup = 20_000;
    private const int Measured = 200_000;

    public static void Run(CognitoTrigger trigger, byte[] eventJson)
    {
        var handler = TriggerEvents.Handler(trigger);
        for (var i = 0; i < Warmup; i++)
        {
            _ = handler.HandleAsync(trigger, eventJson, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var samples = new double[Measured];
        for (var i = 0; i < Measured; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = handler.HandleAsync(trigger, eventJson, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        string At(double quantile) => samples[(int)(quantile * (Measured - 1))].ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"trigger\":\"{CognitoTriggerNames.NameOf(trigger)}\",\"invocations\":{Measured},\"p50_us\":{At(0.50)},\"p99_us\":{At(0.99)},\"p999_us\":{At(0.999)},\"max_us\":{At(1.0)}}}");
    }
}

/// <summary>
/// The five trigger events of one first sign-in, in Cognito's order (define, create, verify, define, pre token
/// generation), with a ticket the validator would have signed: the verify answer is accepted offline, as when the
/// validator runs on another cloud. Writes <c>public.pem</c> (for <c>Ticket__PublicKeys__0</c>) and <c>1-…5-*.json</c>;
/// the ticket is valid for 60 s from now.
/// </summary>
internal static class SignInEvents
{
    private const string OrgId18 = "00D6g000006wre4EAA";
    private const string UserId18 = "0056g0000049jc6AAA";
    private const string Session = "00D6g000006wre4!AQ4AQBenchSessionTokenZx9.Qv7hLm2PwK4tRn8sYb3d_JfUe6GcXo1A";
    private const string Username = "sf_" + OrgId18 + "_" + UserId18;

    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = Options.Create(new TicketKeyOptions { SigningKey = key.ExportPkcs8PrivateKeyPem(), UserPoolId = "eu-west-1_AbC123", ClientIds = ["client"] });
        var ticket = new JwsTickets(new TicketKeys(settings), settings, TimeProvider.System, NullLogger<JwsTickets>.Instance)
            .Sign(new TicketClaims(
                TicketClaims.HashOf(new SalesforceSession(Session)),
                Username, SalesforceId.Parse(OrgId18), SalesforceId.Parse(UserId18), DateTimeOffset.UtcNow))!;
        File.WriteAllText(Path.Combine(directory, "public.pem"), key.ExportSubjectPublicKeyInfoPem());
        var answered = new JsonArray(new JsonObject
        {
            ["challengeName"] = "CUSTOM_CHALLENGE", ["challengeResult"] = true, ["challengeMetadata"] = "SALESFORCE_SESSION",
        });
        Write(directory, "1-define.json", "DefineAuthChallenge_Authentication", new() { ["session"] = new JsonArray(), ["userNotFound"] = false });
        Write(directory, "2-create.json", "CreateAuthChallenge_Authentication", new() { ["challengeName"] = "CUSTOM_CHALLENGE", ["session"] = new JsonArray() });
        Write(directory, "3-verify.json", "VerifyAuthChallengeResponse_Authentication", new()
        {
            ["privateChallengeParameters"] = new JsonObject { ["challenge"] = "SALESFORCE_SESSION" },
            ["challengeAnswer"] = Session,
            ["userNotFound"] = false,
            ["clientMetadata"] = new JsonObject { ["ticket"] = ticket },
        });
        Write(directory, "4-define.json", "DefineAuthChallenge_Authentication", new() { ["session"] = answered, ["userNotFound"] = false });
        Write(directory, "5-pretoken.json", "TokenGeneration_Authentication", new()
        {
            ["groupConfiguration"] = new JsonObject { ["groupsToOverride"] = new JsonArray(), ["iamRolesToOverride"] = new JsonArray() },
        });
    }

    /// <summary>The request's own fields, with the user's attributes added, in Cognito's envelope.</summary>
    private static void Write(string directory, string file, string triggerSource, JsonObject request)
    {
        request["userAttributes"] = new JsonObject
        {
            ["sub"] = "4A709A36-7D63-4785-829D-4198EF10EBDA", ["email"] = "bench@example.com",
            ["custom:sf_org_id"] = OrgId18, ["custom:sf_user_id"] = UserId18,
        };
        var json = new JsonObject
        {
            ["version"] = "1", ["region"] = "eu-west-1", ["userPoolId"] = "eu-west-1_AbC123", ["userName"] = Username,
            ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-js-3.0.0", ["clientId"] = "client" },
            ["triggerSource"] = triggerSource, ["request"] = request, ["response"] = new JsonObject(),
        };
        File.WriteAllText(Path.Combine(directory, file), json.ToJsonString());
    }
}
