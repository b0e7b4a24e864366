using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>What only the Functions class shows: its bindings and routes.</summary>
[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsValidatorTests : ValidatorFacts<FunctionsHosting>
{
    [Theory]
    [InlineData(nameof(ValidatorFunctions.ValidateSession), "post", "v1/sessions/validate")]
    [InlineData(nameof(ValidatorFunctions.Health), "get", "healthz")]
    [InlineData(nameof(ValidatorFunctions.OpenApi), "get", "openapi/v1.json")]
    public void Each_function_binds_the_same_route_as_the_kestrel_host(string method, string verb, string route)
    {
        var function = typeof(ValidatorFunctions).GetMethod(method)!;
        var trigger = function.GetParameters().Single().GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(method, function.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal([verb], trigger.Methods ?? []);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
    }

    [Fact]
    public void Host_json_empties_the_route_prefix_so_paths_match_kestrel()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

        Assert.Equal(string.Empty, hostJson["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }
}
