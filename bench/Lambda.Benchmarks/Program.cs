using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Hosts.Lambda;

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
