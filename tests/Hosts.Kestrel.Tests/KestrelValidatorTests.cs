using System.Diagnostics;
using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.Http;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>What only the Kestrel host shows: the OpenAPI document every host ships, start-up errors as a process.</summary>
[Collection(KestrelHosting.Collection)]
public sealed class KestrelValidatorTests : ValidatorFacts<KestrelHosting>
{
    [Fact]
    public async Task The_served_openapi_document_is_the_one_every_host_ships()
    {
        // With the token exchange on, so the shipped document describes every endpoint a host can serve.
        var host = Start(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Cognito",
            ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
            ["Exchange:ClientId"] = "exchangeclient",
        });

        var served = JsonNode.Parse((await host.SendAsync(new ValidatorRequest("GET", "/openapi/v1.json"))).Body)!.AsObject();
        if (Environment.GetEnvironmentVariable("SFSSO_WRITE_OPENAPI") is { Length: > 0 } target)
        {
            await File.WriteAllTextAsync(target, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(JsonNode.DeepEquals(served, JsonNode.Parse(ValidatorOpenApi.Document)),
            "src/Adapters/Http/openapi-v1.json is stale: regenerate it from GET /openapi/v1.json.");
    }

    [Theory]
    [InlineData("Ldap", "Directory__Provider must be Cognito or InMemory.")]
    [InlineData("InMemory", "Salesforce__Orgs__0__OrgId is required")]
    [InlineData("InMemory", "Salesforce__Orgs__0__Events__ClientId and __ClientSecret go together", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Salesforce__Orgs__0__Events__ClientId=app")]
    [InlineData("InMemory", "SignOut__PubSubUrl must be an https URL", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Salesforce__Orgs__0__Events__ClientId=app;Salesforce__Orgs__0__Events__ClientSecret=secret;SignOut__PubSubUrl=http://pubsub.example.com")]
    [InlineData("InMemory", "SignOut__IdleTimeoutSeconds must be between 300 and 3600", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Salesforce__Orgs__0__Events__ClientId=app;Salesforce__Orgs__0__Events__ClientSecret=secret;SignOut__SingleInstance=true;SignOut__IdleTimeoutSeconds=60")]
    [InlineData("InMemory", "Salesforce__Orgs__0__CanvasInstanceUrls__0 must be an https URL", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Salesforce__Orgs__0__CanvasInstanceUrls__0=http://example.com")]
    [InlineData("InMemory", "Salesforce__Orgs__0__Jwt__MaxLifetimeMinutes must be from 1", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Salesforce__Orgs__0__Jwt__MaxLifetimeMinutes=0")]
    [InlineData("InMemory", "Http__TrustedProxies=AzureFrontDoor needs Http__FrontDoorId", "Salesforce__Orgs__0__OrgId=00D6g000006wre4;Salesforce__Orgs__0__InstanceUrl=https://example.my.salesforce.com;Http__TrustedProxies=AzureFrontDoor")]
    public async Task Invalid_settings_stop_start_up_with_one_line_naming_the_setting(string provider, string expected, string more = "")
    {
        var environment = new Dictionary<string, string> { ["Directory__Provider"] = provider };
        foreach (var setting in more.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = setting.Split('=', 2);
            environment[pair[0]] = pair[1];
        }

        Assert.Contains(expected, await StartupErrorAsync(environment), StringComparison.Ordinal);
    }

    /// <summary>The real host started as a process with these environment variables: it must stop with exit code 1
    /// and one line on stderr, a configuration error; that line.</summary>
    internal static async Task<string> StartupErrorAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SfCognitoSso.Hosts.Kestrel.dll"), "--urls", $"http://127.0.0.1:{Loopback.FreePort()}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        return line;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_host_runs_single_sign_out_only_for_an_org_with_a_connected_app(bool configured)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "InMemory",
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = "https://example.my.salesforce.com",
            ["SignOut:PubSubUrl"] = Loopback.ClosedUrl(),
        };
        if (configured)
        {
            settings["Salesforce:Orgs:0:Events:ClientId"] = "connected-app";
            settings["Salesforce:Orgs:0:Events:ClientSecret"] = "connected-app-secret";
        }

        using var host = new KestrelValidatorHost(settings);
        var hosted = host.Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>();

        Assert.Equal(configured, hosted.OfType<Adapters.SalesforceEvents.SignOutSubscriber>().Any());
    }
}
