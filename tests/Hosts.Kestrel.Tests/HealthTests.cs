using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Core.Health;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary><c>/healthz</c> says when a part is not well: still 200 (the validator signs users in), status
/// <c>degraded</c>, each degraded part named with why; <c>ok</c> when every part is well.</summary>
public sealed class HealthTests
{
    private sealed class Part(ComponentStatus status) : IComponentHealth
    {
        public ComponentStatus Status() => status;
    }

    private static async Task<(int Status, JsonObject Body)> HealthAsync(params IComponentHealth[] parts)
    {
        using var host = new KestrelValidatorHost(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "InMemory",
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = "https://example.my.salesforce.com",
        });
        using var factory = host.Factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            foreach (var part in parts)
            {
                services.AddSingleton(part);
            }
        }));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task A_degraded_part_makes_health_degraded_and_says_why_while_still_answering_200()
    {
        var (status, body) = await HealthAsync(
            new Part(new ComponentStatus("singleSignOut", Degraded: true, "2 sign-out(s) parked")),
            new Part(new ComponentStatus("other", Degraded: false)));

        Assert.Equal(200, status);
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.Equal("2 sign-out(s) parked", body["checks"]!["singleSignOut"]!.GetValue<string>());
        Assert.Null(body["checks"]!["other"]);
    }

    [Fact]
    public async Task Every_part_well_is_ok_without_checks()
    {
        var (status, body) = await HealthAsync(new Part(new ComponentStatus("singleSignOut", Degraded: false)));

        Assert.Equal((200, "ok"), (status, body["status"]!.GetValue<string>()));
        Assert.Null(body["checks"]);
    }
}
