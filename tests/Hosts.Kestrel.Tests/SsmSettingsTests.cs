using Microsoft.Extensions.Configuration;
using SfCognitoSso.Composition;
using SfCognitoSso.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>
/// <c>ssm:</c> settings on a validator host off Lambda: resolved with the Cognito adapter's credentials in the Cognito
/// pool's region before anything reads them — the reference text is never used as the secret — and one that cannot be
/// read stops the real host at start-up with one line naming the setting.
/// </summary>
public sealed class SsmSettingsTests : IDisposable
{
    private const string CanvasSecret = "canvas-consumer-secret-from-ssm-0123456789abcdef";

    private readonly WireMock.Server.WireMockServer ssm = Loopback.StartWireMock();

    public void Dispose() => ssm.Stop();

    [Fact]
    public async Task A_secret_named_by_ssm_is_read_in_the_pools_region_with_the_cognito_credentials()
    {
        ssm.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSSM.GetParameters"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-amz-json-1.1")
                .WithBody($$"""{"Parameters":[{"Name":"/sfsso/canvas","Type":"SecureString","Value":"{{CanvasSecret}}","Version":1}],"InvalidParameters":[]}"""));
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:CanvasConsumerSecret"] = "ssm:/sfsso/canvas",
            ["Cognito:UserPoolId"] = "eu-central-1_AbC123",
            ["Ssm:ServiceUrl"] = ssm.Url,
        });

        await configuration.ResolveSsmReferencesAsync(credentials: new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"));

        Assert.Equal(CanvasSecret, configuration["Salesforce:Orgs:0:CanvasConsumerSecret"]);
        var request = Assert.Single(ssm.LogEntries).RequestMessage;
        Assert.Contains("/eu-central-1/ssm/aws4_request", request.Headers!["Authorization"].Single(), StringComparison.Ordinal);
        Assert.Contains("\"WithDecryption\":true", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_asked_when_no_setting_refers_to_ssm()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Salesforce:Orgs:0:CanvasConsumerSecret"] = "plain", ["Ssm:ServiceUrl"] = ssm.Url });

        await configuration.ResolveSsmReferencesAsync();

        Assert.Equal("plain", configuration["Salesforce:Orgs:0:CanvasConsumerSecret"]);
        Assert.Empty(ssm.LogEntries);
    }

    [Fact]
    public async Task The_kestrel_host_stops_at_start_up_naming_a_setting_whose_ssm_parameter_cannot_be_read()
    {
        ssm.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithBody("""{"__type":"com.amazonaws.ssm#AccessDeniedException","message":"not authorized"}"""));
        var line = await KestrelValidatorTests.StartupErrorAsync(new Dictionary<string, string>
        {
            ["Directory__Provider"] = "InMemory",
            ["Salesforce__Orgs__0__OrgId"] = Samples.OrgId15,
            ["Salesforce__Orgs__0__InstanceUrl"] = "https://example.my.salesforce.com",
            ["Salesforce__Orgs__0__CanvasConsumerSecret"] = "ssm:/sfsso/canvas",
            ["Ssm__ServiceUrl"] = ssm.Url!,
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        });

        Assert.Contains("Salesforce__Orgs__0__CanvasConsumerSecret refers to SSM, which refused GetParameters: AccessDeniedException", line, StringComparison.Ordinal);
    }
}
