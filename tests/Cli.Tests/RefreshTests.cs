using System.Text.Json.Nodes;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Cli.Tests;

/// <summary><c>sfsso login --refresh</c> against a pool that rotates refresh tokens (no grace period): the new refresh
/// token is said and shown with --raw, the replaced one is refused as reused, and no token is ever an argument.</summary>
public sealed class RefreshTests(RotatingRefreshStack stack) : IClassFixture<RotatingRefreshStack>
{
    private string[] Login(params string[] more) =>
        ["login", "--validator", stack.ValidatorUrl, "--cognito", stack.CognitoUrl, .. more];

    [Fact]
    public async Task Refresh_reads_the_token_from_the_environment_says_it_rotated_and_the_old_one_is_then_refused()
    {
        var (_, signedIn, _) = await CliProcess.RunAsync(Login("--json", "--raw"), stdin: DemoUser.BuiltIn[0].SessionId);
        var first = JsonNode.Parse(signedIn)!["refreshToken"]!.GetValue<string>();

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--refresh", "--json", "--raw"), environment: new() { ["SFSSO_REFRESH_TOKEN"] = first });
        var (reusedExit, _, reusedErrors) = await CliProcess.RunAsync(Login("--refresh"), stdin: first);

        Assert.True(exit == 0, errors);
        var json = JsonNode.Parse(output)!;
        Assert.True(json["refreshTokenRotated"]!.GetValue<bool>());
        Assert.NotEqual(first, json["refreshToken"]!.GetValue<string>());
        Assert.StartsWith("sf_00D5j00000SfSso", json["username"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, reusedExit);
        Assert.Contains("refused: RefreshTokenReuseException", reusedErrors, StringComparison.Ordinal);
        SecretAssert.NoneIn(reusedErrors, first);
    }

    [Fact]
    public async Task Readable_refresh_names_the_user_and_says_the_token_rotated_without_printing_it()
    {
        var (_, signedIn, _) = await CliProcess.RunAsync(Login("--json", "--raw"), stdin: DemoUser.BuiltIn[1].SessionId);
        var token = JsonNode.Parse(signedIn)!["refreshToken"]!.GetValue<string>();

        var (exit, output, errors) = await CliProcess.RunAsync(Login("--refresh"), stdin: token + "\n");

        Assert.True(exit == 0, errors);
        Assert.Contains("Refreshed for sf_00D5j00000SfSso", output, StringComparison.Ordinal);
        Assert.Contains("The refresh token was rotated", output, StringComparison.Ordinal);
        SecretAssert.NoneIn(output, token);
        Assert.DoesNotContain("eyJ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_with_canvas_is_a_usage_error_that_reads_nothing()
    {
        var (exit, output, errors) = await CliProcess.RunAsync(Login("--refresh", "--canvas"), stdin: "a-refresh-token");

        Assert.Equal(2, exit);
        Assert.Contains("--refresh and --canvas go separately", errors, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
