using System.Text;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>A trigger that fails is reported as Cognito reports it, as a 400 the SDKs do not retry.</summary>
public sealed class TriggerFaultTests : IDisposable
{
    private readonly EmulatorHarness pool = new();

    public TriggerFaultTests() => pool.AddUser();

    public void Dispose() => pool.Dispose();

    [Theory]
    [InlineData(UserPoolTrigger.DefineAuthChallenge, "DefineAuthChallenge failed with error boom.")]
    [InlineData(UserPoolTrigger.CreateAuthChallenge, "CreateAuthChallenge failed with error boom.")]
    [InlineData(UserPoolTrigger.VerifyAuthChallengeResponse, "VerifyAuthChallengeResponse failed with error boom.")]
    public async Task A_trigger_that_throws_is_a_UserLambdaValidationException_quoting_its_error(UserPoolTrigger failing, string message)
    {
        var response = await RunWithAsync(failing, (_, _) => throw new InvalidOperationException("boom"));

        Assert.Equal(("UserLambdaValidationException", message), EmulatorHarness.ErrorOf(response));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"version":"1"}""")]
    [InlineData("""{"response":{"issueTokens":"yes"}}""")]
    [InlineData("""{"response":{"challengeName":"PASSWORD_VERIFIER"}}""")]
    [InlineData("""{"response":{"issueTokens":true,"failAuthentication":true}}""")]
    public async Task Define_output_that_is_not_a_usable_event_is_an_InvalidLambdaResponseException(string output)
    {
        var response = await RunWithAsync(UserPoolTrigger.DefineAuthChallenge, (_, _) => Task.FromResult(Encoding.UTF8.GetBytes(output)));

        Assert.Equal(("InvalidLambdaResponseException", "Unrecognizable lambda output"), EmulatorHarness.ErrorOf(response));
    }

    [Fact]
    public async Task Create_output_with_a_non_string_parameter_is_an_InvalidLambdaResponseException()
    {
        var response = await RunWithAsync(UserPoolTrigger.CreateAuthChallenge, (_, _) =>
            Task.FromResult(Encoding.UTF8.GetBytes("""{"response":{"publicChallengeParameters":{"n":1}}}""")));

        Assert.Equal("InvalidLambdaResponseException", EmulatorHarness.ErrorOf(response).Type);
    }

    [Fact]
    public async Task A_trigger_still_running_after_five_seconds_is_an_UnexpectedLambdaException()
    {
        var cancelled = new TaskCompletionSource();
        var neverAnswers = new TaskCompletionSource<byte[]>();
        pool.Triggers.Override = (trigger, received, cancellationToken) =>
        {
            cancellationToken.Register(() => cancelled.TrySetResult());
            return neverAnswers.Task;
        };

        var pending = pool.SendAsync("InitiateAuth", Initiate());
        pool.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(pending.IsCompleted);
        pool.Time.Advance(TimeSpan.FromSeconds(0.1));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            ("UnexpectedLambdaException", "DefineAuthChallenge invocation failed due to error Socket timeout while invoking Lambda function."),
            EmulatorHarness.ErrorOf(response));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the trigger was told to stop
    }

    [Fact]
    public async Task A_trigger_delay_counts_against_the_budget_within_it_the_function_runs_beyond_it_times_out()
    {
        using var slow = new EmulatorHarness(settings: new() { ["CognitoEmulator:TriggerDelayMs"] = "4000" });
        slow.AddUser();
        var defineRan = new TaskCompletionSource();
        slow.Triggers.Override = (trigger, received, cancellationToken) =>
        {
            defineRan.TrySetResult();
            return new TaskCompletionSource<byte[]>().Task; // the sign-in itself is not this test's concern
        };
        using var tooSlow = new EmulatorHarness(settings: new() { ["CognitoEmulator:TriggerDelayMs"] = "5100" });
        tooSlow.AddUser();

        _ = slow.SendAsync("InitiateAuth", Initiate());
        var timedOut = tooSlow.SendAsync("InitiateAuth", Initiate());
        slow.Time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(defineRan.Task.IsCompleted);
        slow.Time.Advance(TimeSpan.FromSeconds(0.1));
        tooSlow.Time.Advance(TimeSpan.FromSeconds(5));

        await defineRan.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(
            ("UnexpectedLambdaException", "DefineAuthChallenge invocation failed due to error Socket timeout while invoking Lambda function."),
            EmulatorHarness.ErrorOf(await timedOut.WaitAsync(TimeSpan.FromSeconds(30))));
        Assert.Empty(tooSlow.Triggers.Events); // the function never ran
    }

    private async Task<EmulatorResponse> RunWithAsync(UserPoolTrigger failing, Func<JsonObject, CancellationToken, Task<byte[]>> behaviour)
    {
        var scripted = new ScriptedTriggers();
        pool.Triggers.Override = (trigger, received, cancellationToken) => trigger == failing
            ? behaviour(received, cancellationToken)
            : scripted.InvokeAsync(trigger, Encoding.UTF8.GetBytes(received.ToJsonString()), cancellationToken).AsTask();
        var started = await pool.SendAsync("InitiateAuth", Initiate());
        if (failing != UserPoolTrigger.VerifyAuthChallengeResponse)
        {
            return started;
        }

        var session = JsonNode.Parse(started.Body)!["Session"]!.GetValue<string>();
        return await pool.AnswerAsync(session, ScriptedTriggers.RightAnswer);
    }

    private static JsonObject Initiate() => new()
    {
        ["AuthFlow"] = "CUSTOM_AUTH",
        ["ClientId"] = EmulatorHarness.ClientId,
        ["AuthParameters"] = new JsonObject { ["USERNAME"] = EmulatorHarness.Username },
    };
}
