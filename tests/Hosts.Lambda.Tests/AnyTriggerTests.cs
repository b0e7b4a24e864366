using System.Text;
using System.Text.Json.Nodes;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// One function for every trigger (<c>_HANDLER=any-trigger</c>, <c>Triggers::AnyTrigger</c>, <c>invoke any-trigger</c>):
/// each event is served as its <c>triggerSource</c> says, so a cold sign-in pays one cold start, not four. A function
/// set up for one trigger refuses another trigger's event instead of answering nonsense.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AnyTriggerTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly SalesforceStub salesforce = new();

    public async ValueTask DisposeAsync()
    {
        salesforce.Dispose();
        await Task.CompletedTask;
    }

    private static Task<(int ExitCode, string Output, string Errors)> Invoke(
        string trigger, byte[] input, IReadOnlyDictionary<string, string?>? settings = null) => LambdaHarness.InvokeAsync(trigger, input, settings);

    [Theory]
    [InlineData("powertools-python__cognitoDefineAuthChallengeEvent.json", "define-auth-challenge")]
    [InlineData("powertools-python__cognitoCreateAuthChallengeEvent.json", "create-auth-challenge")]
    [InlineData("powertools-python__cognitoVerifyAuthChallengeResponseEvent.json", "verify-auth-challenge")]
    [InlineData("powertools-python__cognitoPreTokenGenerationEvent.json", "pre-token-generation")]
    [InlineData("powertools-python__cognitoPreTokenV2GenerationEvent.json", "pre-token-generation")]
    public async Task Any_trigger_answers_each_sample_event_exactly_as_its_own_trigger_does(string sample, string trigger)
    {
        var input = WireData.ReadBytes("cognito-events/" + sample);
        var settings = LambdaHarness.SalesforceSettings(salesforce.Url);

        var any = await Invoke("any-trigger", input, settings);
        var own = await Invoke(trigger, input, settings);

        Assert.Equal((0, string.Empty), (any.ExitCode, any.Errors));
        Assert.Equal(own.Output, any.Output);
    }

    [Fact]
    public async Task A_function_for_one_trigger_refuses_another_triggers_event_with_a_clear_error()
    {
        var (exitCode, output, errors) = await Invoke("define-auth-challenge", Encoding.UTF8.GetBytes(Events.Verify("00D6g000006wre4!x")));

        Assert.Equal((2, string.Empty), (exitCode, output));
        var error = JsonNode.Parse(errors)!;
        Assert.Equal("invalid_event", error["error"]!.GetValue<string>());
        Assert.Contains("serves define-auth-challenge, but the event is a verify-auth-challenge event", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_trigger_refuses_an_event_that_names_no_trigger_of_ours()
    {
        var input = WireData.ReadBytes("cognito-events/aws-lambda-dotnet__cognito-defineauthchallenge-event.json"); // "trigger_source"

        var (exitCode, _, errors) = await Invoke("any-trigger", input, LambdaHarness.SalesforceSettings(salesforce.Url));

        Assert.Equal(2, exitCode);
        Assert.Contains("triggerSource names none", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_process_under_the_runtime_api_answers_a_whole_sign_in_define_create_verify_define_and_pre_token()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        await using var runtimeApi = new FakeRuntimeApi();
        await using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        runtimeApi.Enqueue("define-1", Events.Define(false));
        runtimeApi.Enqueue("create-1", Events.Create(0));
        runtimeApi.Enqueue("verify-1", Events.Verify(Samples.Session));
        runtimeApi.Enqueue("define-2", Events.Define(false, ("CUSTOM_CHALLENGE", true)));
        runtimeApi.Enqueue("token-1", Encoding.UTF8.GetString(WireData.ReadBytes("cognito-events/powertools-python__cognitoPreTokenV2GenerationEvent.json")));
        var loop = LambdaEntryPoint.RunRuntimeAsync(runtimeApi.Address, "any-trigger", LambdaHarness.Settings(LambdaHarness.SalesforceSettings(salesforce.Url)), log, TimeProvider.System, stop.Token);

        await runtimeApi.WaitForPostsAsync(5).WaitAsync(Guard);
        await stop.CancelAsync();

        Assert.Equal(0, await loop.WaitAsync(Guard));
        var posts = runtimeApi.Posts.ToDictionary(post => post.RequestId!, post => JsonNode.Parse(post.Body)!["response"]!);
        Assert.Equal("CUSTOM_CHALLENGE", posts["define-1"]["challengeName"]!.GetValue<string>());
        Assert.Equal("SALESFORCE_SESSION", posts["create-1"]["challengeMetadata"]!.GetValue<string>());
        Assert.True(posts["verify-1"]["answerCorrect"]!.GetValue<bool>());
        Assert.True(posts["define-2"]["issueTokens"]!.GetValue<bool>());
        Assert.NotNull(posts["token-1"]["claimsOverrideDetails"]);
    }

    [Fact]
    public async Task The_managed_runtime_has_one_handler_for_every_trigger()
    {
        // The managed runtime reads its settings from the environment; one function for all needs verify's too.
        using var environment = new EnvironmentScope(
            ("Salesforce__Orgs__0__OrgId", Samples.OrgId15), ("Salesforce__Orgs__0__InstanceUrl", "https://example.my.salesforce.com"));
        var triggers = new Triggers();

        using var defined = await triggers.AnyTrigger(new MemoryStream(Encoding.UTF8.GetBytes(Events.Define(false))));
        using var created = await triggers.AnyTrigger(new MemoryStream(Encoding.UTF8.GetBytes(Events.Create(0))));

        Assert.Equal("CUSTOM_CHALLENGE", JsonNode.Parse(defined)!["response"]!["challengeName"]!.GetValue<string>());
        Assert.Equal("SALESFORCE_SESSION", JsonNode.Parse(created)!["response"]!["challengeMetadata"]!.GetValue<string>());
    }
}
