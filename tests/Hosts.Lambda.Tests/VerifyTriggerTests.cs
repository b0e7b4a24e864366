using System.Diagnostics;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>Verify through the host, against a stub Salesforce org on loopback.</summary>
public sealed class VerifyTriggerTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    [Fact]
    public async Task The_right_session_is_a_correct_answer()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        var reply = await host.HandleAsync(Events.Verify(Samples.Session));

        Assert.True(reply["response"]!["answerCorrect"]!.GetValue<bool>());
        host.AssertLogHoldsNo(Samples.Session);
    }

    [Fact]
    public async Task Another_users_session_is_a_wrong_answer()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.OtherUserSession, 200, SalesforceStub.ChatterUser(Samples.OtherUserId18, "someone.else@backflipt.com"));
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        var reply = await host.HandleAsync(Events.Verify(Samples.OtherUserSession));

        Assert.False(reply["response"]!["answerCorrect"]!.GetValue<bool>());
        host.AssertLogHoldsNo(Samples.OtherUserSession);
    }

    [Fact]
    public async Task Salesforce_hanging_is_a_wrong_answer_long_before_the_hang_ends()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(), delay: TimeSpan.FromSeconds(30));
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        var clock = Stopwatch.StartNew();
        var reply = await host.HandleAsync(Events.Verify(Samples.Session));

        Assert.False(reply["response"]!["answerCorrect"]!.GetValue<bool>());
        // The budget must cut a 30 s hang short; its exact figure is a benchmark matter, not a loaded CI machine's.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F2} s");
        host.AssertLogHoldsNo(Samples.Session);
    }

    [Fact]
    public async Task Salesforce_refusing_connections_is_a_wrong_answer()
    {
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(Loopback.ClosedUrl()));

        var reply = await host.HandleAsync(Events.Verify(Samples.Session));

        Assert.False(reply["response"]!["answerCorrect"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_log_line_is_json_and_none_holds_the_session()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        await host.HandleAsync(Events.Verify(Samples.Session));
        await host.HandleAsync(Events.Verify(Samples.UntrustedOrgSession));
        await host.HandleAsync(Events.Verify(Samples.Session + "\u0007"));

        var lines = host.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, line => line.Contains(Samples.OrgId18, StringComparison.Ordinal));
        host.AssertLogHoldsNo(Samples.Session);
        host.AssertLogHoldsNo(Samples.UntrustedOrgSession);
    }

    [Fact]
    public void Define_and_create_compose_no_outbound_client()
    {
        using var define = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);
        using var create = new LambdaHarness(CognitoTrigger.CreateAuthChallenge);
        using var verify = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        Assert.False(define.Has<IHttpClientFactory>());
        Assert.False(create.Has<IHttpClientFactory>());
        Assert.True(verify.Has<IHttpClientFactory>());
    }
}

/// <summary>The cold-start priming event must be invisible: no I/O, no log line, for every trigger.</summary>
public sealed class PrimingEventTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    [Theory]
    [InlineData(CognitoTrigger.DefineAuthChallenge)]
    [InlineData(CognitoTrigger.CreateAuthChallenge)]
    [InlineData(CognitoTrigger.VerifyAuthChallenge)]
    public async Task Priming_calls_nothing_outside_and_logs_nothing(CognitoTrigger trigger)
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var host = new LambdaHarness(trigger, LambdaHarness.SalesforceSettings(salesforce.Url));

        await PrimingEvent.RunAsync(host.Handler, [trigger]);

        Assert.Empty(salesforce.Requests);
        Assert.Equal(string.Empty, host.Log.ToString());
    }

    [Fact]
    public async Task Warming_verify_with_a_ticket_key_set_calls_nothing_outside_logs_nothing_and_counts_no_tampering()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var settings = new Dictionary<string, string?>(LambdaHarness.SalesforceSettings(salesforce.Url))
        {
            ["Ticket:PublicKeys:0"] = key.ExportSubjectPublicKeyInfoPem(),
        };
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, settings);
        var tampering = 0L;
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name.Contains("tamper", StringComparison.OrdinalIgnoreCase))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref tampering, value));
        meters.Start();

        await PrimingEvent.WarmVerifyAsync(host.Handler, host.Services);

        Assert.Empty(salesforce.Requests);
        Assert.Equal(string.Empty, host.Log.ToString());
        Assert.Equal(0, Interlocked.Read(ref tampering));
    }

    [Theory]
    [InlineData("provisioned-concurrency", true)]
    [InlineData("on-demand", false)]
    [InlineData(null, false)]
    public void Primes_only_where_Lambda_initialises_ahead_of_traffic(string? initializationType, bool primes)
    {
        var environment = LambdaHarness.Settings(new Dictionary<string, string?> { [PrimingEvent.InitializationTypeVariable] = initializationType });

        Assert.Equal(primes, PrimingEvent.PaysOff(environment));
    }
}
