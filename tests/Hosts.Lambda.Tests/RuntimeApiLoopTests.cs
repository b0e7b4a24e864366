using System.Text.Json.Nodes;
using SfCognitoSso.Hosts.Lambda.RuntimeApi;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>The custom runtime against an in-test Runtime API that follows the 2018-06-01 spec.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class RuntimeApiLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly FakeRuntimeApi runtimeApi = new();
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter log = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
        await runtimeApi.DisposeAsync();
        await log.DisposeAsync();
    }

    private Task<int> Run(string handler, IReadOnlyDictionary<string, string?>? settings = null) =>
        LambdaEntryPoint.RunRuntimeAsync(runtimeApi.Address, handler, LambdaHarness.Settings(settings), log, TimeProvider.System, stop.Token);

    [Fact]
    public async Task Several_invocations_in_a_row_are_each_answered_on_their_own_response_endpoint()
    {
        runtimeApi.Enqueue("req-1", Events.Define(false));
        runtimeApi.Enqueue("req-2", Events.Define(false, ("CUSTOM_CHALLENGE", true)));
        runtimeApi.Enqueue("req-3", Events.Define(false, ("CUSTOM_CHALLENGE", false), ("CUSTOM_CHALLENGE", false), ("CUSTOM_CHALLENGE", false)));
        var loop = Run("define-auth-challenge");

        await runtimeApi.WaitForPostsAsync(3).WaitAsync(Guard);
        await stop.CancelAsync();

        Assert.Equal(0, await loop.WaitAsync(Guard));
        var posts = runtimeApi.Posts.ToList();
        Assert.Equal(["req-1", "req-2", "req-3"], posts.Select(post => post.RequestId));
        Assert.All(posts, post => Assert.Equal("response", post.Kind));
        Assert.Equal("CUSTOM_CHALLENGE", JsonNode.Parse(posts[0].Body)!["response"]!["challengeName"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(posts[1].Body)!["response"]!["issueTokens"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(posts[2].Body)!["response"]!["failAuthentication"]!.GetValue<bool>());
    }

    [Fact]
    public async Task After_each_answer_is_out_the_loop_tells_its_event_until_told_it_is_done()
    {
        // What warms verify once create's answer has gone (a function for every trigger) hangs on this.
        runtimeApi.Enqueue("define", Events.Define(false));
        runtimeApi.Enqueue("create", Events.Create(0));
        runtimeApi.Enqueue("define-again", Events.Define(false));
        var told = new List<(string Trigger, int PostsBefore)>();
        using var http = new HttpClient();
        var loop = new RuntimeLoop(
            new RuntimeApiClient(http, runtimeApi.Address),
            (payload, _) => ValueTask.FromResult("{}"u8.ToArray()),
            TimeProvider.System,
            new Lazy<Microsoft.Extensions.Logging.ILogger>(() => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
            answered =>
            {
                var trigger = Adapters.Triggers.TriggerSources.Of(answered.Span)!.Value;
                told.Add((Adapters.Triggers.CognitoTriggerNames.NameOf(trigger), runtimeApi.Posts.Count));
                return trigger == Adapters.Triggers.CognitoTrigger.CreateAuthChallenge;
            }).RunAsync(stop.Token);

        await runtimeApi.WaitForPostsAsync(3).WaitAsync(Guard);
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);

        Assert.Equal([("define-auth-challenge", 1), ("create-auth-challenge", 2)], told);
    }

    [Fact]
    public async Task A_handler_error_is_posted_to_the_error_endpoint_in_lambdas_error_format_and_the_loop_goes_on()
    {
        runtimeApi.Enqueue("bad", "{not json");
        runtimeApi.Enqueue("good", Events.Create(0));
        var loop = Run("create-auth-challenge");

        await runtimeApi.WaitForPostsAsync(2).WaitAsync(Guard);
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);

        var error = runtimeApi.Posts.First();
        Assert.Equal(("error", "bad"), (error.Kind, error.RequestId));
        Assert.Equal(RuntimeApiClient.ErrorContentType, error.ContentType);
        Assert.Equal("Function.InvalidEvent", error.ErrorType);
        var body = JsonNode.Parse(error.Body)!;
        Assert.Equal("Function.InvalidEvent", body["errorType"]!.GetValue<string>());
        Assert.StartsWith("The event is not", body["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(body["stackTrace"]!.AsArray());
        Assert.Equal(("response", "good"), (runtimeApi.Posts.Last().Kind, runtimeApi.Posts.Last().RequestId));
    }

    [Fact]
    public async Task A_start_up_error_is_posted_to_init_error_and_the_process_exits()
    {
        var exitCode = await Run("verify-auth-challenge").WaitAsync(Guard);

        Assert.Equal(1, exitCode);
        var post = Assert.Single(runtimeApi.Posts);
        Assert.Equal("init-error", post.Kind);
        Assert.Equal(RuntimeApiClient.ErrorContentType, post.ContentType);
        Assert.Equal("Runtime.InvalidConfiguration", post.ErrorType);
        Assert.StartsWith("Salesforce__Orgs__0__OrgId is required", JsonNode.Parse(post.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify-auth-challenge")]
    [InlineData("any-trigger")]
    public async Task A_ticket_key_that_cannot_be_read_is_a_start_up_error_not_a_failed_sign_in(string handler)
    {
        var settings = LambdaHarness.SalesforceSettings("https://example.my.salesforce.com");
        settings["Ticket:PublicKeys:0"] = "not a key";

        var exitCode = await Run(handler, settings).WaitAsync(Guard);

        Assert.Equal(1, exitCode);
        var post = Assert.Single(runtimeApi.Posts);
        Assert.Equal("Runtime.InvalidConfiguration", post.ErrorType);
        Assert.StartsWith("Ticket__PublicKeys__0 must be a P-256 public key", JsonNode.Parse(post.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_handler_name_is_a_start_up_error()
    {
        var exitCode = await Run("sign-everyone-in").WaitAsync(Guard);

        Assert.Equal(1, exitCode);
        Assert.Equal("Runtime.UnknownHandler", Assert.Single(runtimeApi.Posts).ErrorType);
    }

    [Fact]
    public async Task A_response_refused_as_too_large_is_reported_through_the_error_endpoint()
    {
        runtimeApi.ResponseStatus = 413;
        runtimeApi.Enqueue("big", Events.Create(0));
        var loop = Run("create-auth-challenge");

        await runtimeApi.WaitForPostsAsync(2).WaitAsync(Guard);
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);

        var (response, error) = (runtimeApi.Posts.First(), runtimeApi.Posts.Last());
        Assert.Equal(("response", 413), (response.Kind, response.AnsweredStatus));
        Assert.Equal(("error", "big", "Function.ResponseSizeTooLarge"), (error.Kind, error.RequestId, error.ErrorType));
    }

    [Fact]
    public async Task A_500_from_the_runtime_api_ends_the_process_promptly_with_a_non_zero_exit()
    {
        runtimeApi.ResponseStatus = 500;
        runtimeApi.Enqueue("doomed", Events.Define(false));
        runtimeApi.Enqueue("never", Events.Define(false));

        var exitCode = await Run("define-auth-challenge").WaitAsync(Guard);

        Assert.NotEqual(0, exitCode);
        Assert.Equal("doomed", Assert.Single(runtimeApi.Posts).RequestId);
    }

    [Fact]
    public async Task The_deadline_cancels_the_handler_so_verify_answers_false_before_it()
    {
        // Salesforce holds the call until the test lets go; the invocation's deadline passes on a fake clock meanwhile.
        using var salesforce = new SalesforceStub();
        using var release = new ManualResetEventSlim();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        salesforce.HoldAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(), release, arrived);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        runtimeApi.Enqueue("late", Events.Verify(Samples.Session), deadline: clock.GetUtcNow().AddMilliseconds(300));
        var loop = LambdaEntryPoint.RunRuntimeAsync(
            runtimeApi.Address, "verify-auth-challenge", LambdaHarness.Settings(LambdaHarness.SalesforceSettings(salesforce.Url)), log, clock, stop.Token);

        await arrived.Task.WaitAsync(Guard);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        await runtimeApi.WaitForPostsAsync(1).WaitAsync(Guard);
        release.Set();
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);

        var post = Assert.Single(runtimeApi.Posts);
        Assert.Equal("response", post.Kind);
        Assert.False(JsonNode.Parse(post.Body)!["response"]!["answerCorrect"]!.GetValue<bool>());
        SecretAssert.NoneIn(log.ToString(), Samples.Session);
    }

    [Fact]
    public async Task The_trace_id_is_passed_on_as_x_amzn_trace_id()
    {
        const string traceId = "Root=1-67890abc-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
        runtimeApi.Enqueue("traced", Events.Define(false), traceId: traceId);
        var loop = Run("define-auth-challenge");

        await runtimeApi.WaitForPostsAsync(1).WaitAsync(Guard);
        var seen = Environment.GetEnvironmentVariable(RuntimeLoop.TraceIdVariable);
        await stop.CancelAsync();
        await loop.WaitAsync(Guard);

        Assert.Equal(traceId, seen);
    }
}
