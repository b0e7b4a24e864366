using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>Every real event in WireData/cognito-events (some with nulls, some with a UTF-8 BOM) through the host.</summary>
public sealed class SampleEventTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    public static TheoryData<string> Samples(string trigger) =>
        [.. WireData.Files("cognito-events").Select(file => Path.GetFileName(file)).Where(name => name.Contains(trigger, StringComparison.OrdinalIgnoreCase))];

    public static TheoryData<string> DefineSamples => Samples("define");

    public static TheoryData<string> CreateSamples => Samples("create");

    public static TheoryData<string> VerifySamples => Samples("verify");

    private static byte[] Read(string file) => WireData.ReadBytes(Path.Combine("cognito-events", file));

    [Fact]
    public void The_samples_include_nulls_and_byte_order_marks()
    {
        var files = WireData.Files("cognito-events").ToList();

        Assert.Equal(10, files.Count);
        Assert.Contains(files, file => File.ReadAllBytes(file).AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]));
        Assert.Contains(files, file => file.Contains("null-values", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DefineSamples))]
    public async Task A_define_sample_whose_history_holds_other_challenges_fails_authentication(string file)
    {
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);

        var reply = await host.HandleAsync(Read(file));

        Assert.False(reply["response"]!["issueTokens"]!.GetValue<bool>());
        Assert.True(reply["response"]!["failAuthentication"]!.GetValue<bool>());
        AssertEverythingButTheResponseIsKept(Read(file), reply);
    }

    [Theory]
    [MemberData(nameof(CreateSamples))]
    public async Task A_create_sample_gets_the_salesforce_session_challenge(string file)
    {
        using var host = new LambdaHarness(CognitoTrigger.CreateAuthChallenge);

        var reply = await host.HandleAsync(Read(file));

        var response = reply["response"]!;
        Assert.Equal("SALESFORCE_SESSION", response["publicChallengeParameters"]!["challenge"]!.GetValue<string>());
        Assert.Equal("SALESFORCE_SESSION", response["privateChallengeParameters"]!["challenge"]!.GetValue<string>());
        Assert.Equal("SALESFORCE_SESSION", response["challengeMetadata"]!.GetValue<string>());
        Assert.Null(response["public_1"]);
        AssertEverythingButTheResponseIsKept(Read(file), reply);
    }

    [Theory]
    [MemberData(nameof(VerifySamples))]
    public async Task A_verify_sample_for_an_unknown_user_is_a_wrong_answer_without_asking_salesforce(string file)
    {
        using var host = new LambdaHarness(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.SalesforceSettings(salesforce.Url));

        var reply = await host.HandleAsync(Read(file));

        Assert.False(reply["response"]!["answerCorrect"]!.GetValue<bool>());
        Assert.Empty(salesforce.Requests);
        AssertEverythingButTheResponseIsKept(Read(file), reply);
    }

    [Fact]
    public async Task Unknown_fields_anywhere_are_written_back_untouched()
    {
        var input = JsonNode.Parse(Events.Define(false))!;
        input["futureField"] = new JsonObject { ["nested"] = 1 };
        input["request"]!["alsoNew"] = "kept";
        input["callerContext"]!["sdkFlavour"] = "kept too";
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);

        var reply = await host.HandleAsync(input.ToJsonString());

        Assert.Equal(1, reply["futureField"]!["nested"]!.GetValue<int>());
        Assert.Equal("kept", reply["request"]!["alsoNew"]!.GetValue<string>());
        Assert.Equal("kept too", reply["callerContext"]!["sdkFlavour"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"version":"1","userName":"u","request":{},"response":{}}""")]
    [InlineData("""{"version":"1","userName":"u","request":{"session":null,"userNotFound":null},"response":null}""")]
    [InlineData("""{"version":"1","userName":"u","request":{"session":[null]}}""")]
    [InlineData("""{}""")]
    public async Task Missing_keys_and_nulls_are_read_as_empty(string input)
    {
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);

        var reply = await host.HandleAsync(input);

        Assert.NotNull(reply["response"]!["issueTokens"]);
        Assert.NotNull(reply["response"]!["failAuthentication"]);
    }

    [Theory]
    [InlineData("{\"version\":")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("not json at all")]
    [InlineData("{\"request\":{\"session\":\"not a list\"}}")]
    [InlineData("{\"request\":{\"session\":[{\"challengeResult\":\"not a list\"}]}}")]
    [InlineData("{\"request\":{\"session\":[\"not a list\"]}}")]
    [InlineData("{\"request\":{\"userNotFound\":\"not a list\"}}")]
    [InlineData("{\"request\":\"not a list\"}")]
    [InlineData("{\"request\":{\"session\":[{\"challengeName\":[\"not a list\"]}]}}")]
    [InlineData("{\"request\":{},\"request\":{\"session\":[],\"not a list\":1}}")]
    [InlineData("{\"futureField\":\"not a list \\ud800\",\"request\":{}}")]
    public async Task Malformed_events_are_refused_without_quoting_them(string input)
    {
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);

        var error = await Assert.ThrowsAsync<TriggerEventException>(() => host.HandleAsync(input));

        Assert.StartsWith("The event is not", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_refused_as_malformed()
    {
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);
        byte[] input = [.. "{\"futureField\":\""u8, 0xC3, 0x28, .. "\",\"request\":{}}"u8];

        var error = await Assert.ThrowsAsync<TriggerEventException>(() => host.HandleAsync(input));

        Assert.StartsWith("The event is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reply_echoes_what_it_does_not_read_as_it_came_and_answers_once()
    {
        using var host = new LambdaHarness(CognitoTrigger.DefineAuthChallenge);

        var reply = await host.HandleAsync("""{"response":{"issueTokens":true,"stale":1},"version":"1","big":12345678901234567890123,"request":{"session":[]}}""");

        Assert.Equal("12345678901234567890123", reply["big"]!.ToJsonString());
        Assert.False(reply["response"]!["issueTokens"]!.GetValue<bool>());
        Assert.Null(reply["response"]!["stale"]);
        Assert.Equal(["response", "version", "big", "request"], reply.AsObject().Select(pair => pair.Key));
    }

    private static void AssertEverythingButTheResponseIsKept(byte[] input, JsonNode reply)
    {
        var original = JsonNode.Parse(input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? input[3..] : input)!.AsObject();
        var echoed = reply.DeepClone().AsObject();
        original.Remove("response");
        echoed.Remove("response");

        // Absent keys may come back as explicit nulls (the same thing to Cognito); nothing else may differ.
        Assert.True(JsonNode.DeepEquals(WithoutNulls(original), WithoutNulls(echoed)), $"{original.ToJsonString()}\n{echoed.ToJsonString()}");
    }

    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key, WithoutNulls(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutNulls)]),
        null => null,
        _ => node.DeepClone(),
    };
}
