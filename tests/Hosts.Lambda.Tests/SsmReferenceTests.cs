using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Salesforce;
using SfCognitoSso.Adapters.Ssm;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// Review round three, finding 7: the verify function's secrets (the Redis connection and its password) come from SSM
/// Parameter Store at the cold start, not from the function's environment, which lambda:GetFunctionConfiguration and
/// Terraform state expose. SSM is stood in for on loopback; the request is checked as AWS would see it.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SsmReferenceTests : IDisposable
{
    private const string RedisParameter = "/sfcognitosso/cache-redis";
    private const string RedisSecret = "127.0.0.1:6379,password=the-redis-password";

    private readonly WireMock.Server.WireMockServer ssm = Loopback.StartWireMock();

    public void Dispose() => ssm.Stop();

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = LambdaHarness.SalesforceSettings("https://example.my.salesforce.com", cacheTtlSeconds: 15);
        settings["AWS_REGION"] = "eu-west-1";
        settings["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        settings["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        settings["AWS_SESSION_TOKEN"] = "session-token";
        settings["Ssm:ServiceUrl"] = ssm.Url;
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private void Answers(string body, int status = 200) =>
        ssm.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSSM.GetParameters"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/x-amz-json-1.1").WithBody(body));

    [Fact]
    public void The_verify_trigger_reads_its_redis_connection_from_ssm_with_one_signed_decrypting_call()
    {
        Answers($$"""{"Parameters":[{"Name":"{{RedisParameter}}","Type":"SecureString","Value":"{{RedisSecret}}","Version":3}],"InvalidParameters":[]}""");
        var configuration = LambdaHarness.Settings(Settings(
            ("Cache:Redis", "ssm:" + RedisParameter), ("Ticket:PublicKeys:0", ValidatorKeys.PublicKeyPem)));

        using var provider = LambdaComposition.Build(CognitoTrigger.VerifyAuthChallenge, configuration, TextWriter.Null);

        Assert.Equal(RedisSecret, provider.GetRequiredService<IOptions<ValidationCacheOptions>>().Value.Redis);
        var request = Assert.Single(ssm.LogEntries).RequestMessage;
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal(RedisParameter, body["Names"]![0]!.GetValue<string>());
        Assert.True(body["WithDecryption"]!.GetValue<bool>());
        var authorization = request.Headers!["Authorization"].Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/ssm/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Equal("session-token", request.Headers.Single(header => header.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)).Value.Single());
    }

    [Fact]
    public void A_reference_in_the_environment_is_resolved_when_the_settings_come_from_the_environment_alone()
    {
        // The cold start looks for references in the environment itself when that is all the settings are.
        Answers($$"""{"Parameters":[{"Name":"{{RedisParameter}}","Type":"SecureString","Value":"{{RedisSecret}}","Version":3}],"InvalidParameters":[]}""");
        const string prefix = "SFSSO_SSM_REFERENCE_TEST_";
        var variables = Settings(("Cache:Redis", "ssm:" + RedisParameter), ("Ticket:PublicKeys:0", ValidatorKeys.PublicKeyPem))
            .ToDictionary(setting => prefix + setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        using var environment = new EnvironmentScope(variables);
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

        using var provider = LambdaComposition.Build(CognitoTrigger.VerifyAuthChallenge, configuration, TextWriter.Null);

        Assert.Equal(RedisSecret, provider.GetRequiredService<IOptions<ValidationCacheOptions>>().Value.Redis);
        Assert.Single(ssm.LogEntries);
    }

    [Fact]
    public void Without_any_ssm_reference_nothing_is_called()
    {
        using var provider = LambdaComposition.Build(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.Settings(Settings()), TextWriter.Null);

        Assert.Empty(ssm.LogEntries);
    }

    [Theory]
    [InlineData("""{"Parameters":[],"InvalidParameters":["/sfcognitosso/cache-redis"]}""", 200, "Cache__Redis refers to SSM parameter /sfcognitosso/cache-redis, which does not exist or cannot be read.")]
    [InlineData("""{"__type":"AccessDeniedException","message":"not authorized"}""", 400, "Cache__Redis refers to SSM, which refused GetParameters: AccessDeniedException (HTTP 400).")]
    public void A_parameter_that_cannot_be_read_stops_the_cold_start_with_one_line_naming_the_setting(string answer, int status, string expected)
    {
        Answers(answer, status);
        var configuration = LambdaHarness.Settings(Settings(("Cache:Redis", "ssm:" + RedisParameter)));

        var error = Assert.Throws<OptionsValidationException>(() => LambdaComposition.Build(CognitoTrigger.VerifyAuthChallenge, configuration, TextWriter.Null));

        Assert.StartsWith(expected, SfCognitoSso.Composition.TriggerComposition.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_ssm_fails_fast_naming_the_setting()
    {
        var settings = Settings(("Cache:Redis", "ssm:" + RedisParameter));
        settings["Ssm:ServiceUrl"] = Loopback.ClosedUrl();

        var error = Assert.Throws<OptionsValidationException>(() => SsmParameterReferences.ResolveAsync(LambdaHarness.Settings(settings)).GetAwaiter().GetResult());

        Assert.Contains("Cache__Redis refers to SSM, which could not be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the-redis-password", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A validator key pair for this test run.</summary>
internal static class ValidatorKeys
{
    private static readonly System.Security.Cryptography.ECDsa Key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    public static readonly string PublicKeyPem = Key.ExportSubjectPublicKeyInfoPem();
}
