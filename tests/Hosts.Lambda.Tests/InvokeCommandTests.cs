using System.Text;
using System.Text.Json.Nodes;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary><c>&lt;host&gt; invoke &lt;trigger&gt; &lt; event.json</c>: the reply on stdout, errors as one JSON line on stderr.</summary>
public sealed class InvokeCommandTests
{
    private static Task<(int ExitCode, string Output, string Errors)> Invoke(
        string trigger, byte[] input, IReadOnlyDictionary<string, string?>? settings = null) => LambdaHarness.InvokeAsync(trigger, input, settings);

    [Fact]
    public async Task A_sample_event_comes_back_whole_with_its_response_filled_and_exit_0()
    {
        var input = WireData.ReadBytes("cognito-events/aws-lambda-dotnet__cognito-defineauthchallenge-event.json");

        var (exitCode, output, errors) = await Invoke("define-auth-challenge", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, errors);
        var reply = JsonNode.Parse(output)!;
        Assert.Equal("username_uuid", reply["userName"]!.GetValue<string>());
        Assert.Equal("attribute_value_1", reply["request"]!["userAttributes"]!["attribute_1"]!.GetValue<string>());
        Assert.True(reply["response"]!["failAuthentication"]!.GetValue<bool>());
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("define-auth-challenge", "{\"request\": ")]
    [InlineData("create-auth-challenge", "")]
    [InlineData("define-auth-challenge", "\"a string\"")]
    public async Task Malformed_json_is_one_json_line_on_stderr_and_exit_2(string trigger, string input)
    {
        var (exitCode, output, errors) = await Invoke(trigger, Encoding.UTF8.GetBytes(input));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("invalid_event", JsonNode.Parse(line)!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("define")]
    [InlineData("pre-sign-up")]
    [InlineData("")]
    public async Task An_unknown_trigger_is_one_json_line_on_stderr_and_exit_2(string trigger)
    {
        var (exitCode, output, errors) = await Invoke(trigger, Encoding.UTF8.GetBytes(Events.Define(false)));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        var error = JsonNode.Parse(Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("unknown_trigger", error["error"]!.GetValue<string>());
        Assert.Contains("define-auth-challenge", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_is_named_on_stderr_and_exit_1()
    {
        var (exitCode, _, errors) = await Invoke(
            "define-auth-challenge", Encoding.UTF8.GetBytes(Events.Define(false)), new Dictionary<string, string?> { ["Challenge:MaxAttempts"] = "0" });

        Assert.Equal(1, exitCode);
        var error = JsonNode.Parse(errors)!;
        Assert.Equal("invalid_configuration", error["error"]!.GetValue<string>());
        Assert.StartsWith("Challenge__MaxAttempts", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unparseable_setting_is_named_too()
    {
        var (exitCode, _, errors) = await Invoke(
            "define-auth-challenge", Encoding.UTF8.GetBytes(Events.Define(false)), new Dictionary<string, string?> { ["Challenge:MaxAttempts"] = "three" });

        Assert.Equal(1, exitCode);
        Assert.Contains("Challenge:MaxAttempts", JsonNode.Parse(errors)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
