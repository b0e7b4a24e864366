using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>The pre token generation trigger on the real sample events of both versions.</summary>
[Collection(ProcessEnvironmentCollection.Name)] // its managed-runtime case reads the environment
public sealed class PreTokenGenerationTests : IDisposable
{
    private const string V1Sample = "cognito-events/powertools-python__cognitoPreTokenGenerationEvent.json";

    // Its file says V2 and its request carries scopes, but its version field says "1", and the version field is what
    // decides the response shape Cognito reads; the tests run it as it is and as the "2" Cognito sends for V2_0.
    private const string V2Sample = "cognito-events/powertools-python__cognitoPreTokenV2GenerationEvent.json";

    private readonly LambdaHarness host = new(CognitoTrigger.PreTokenGeneration);

    public void Dispose() => host.Dispose();

    private static JsonObject WithSalesforceUser(string sample, string? version = null)
    {
        var tokenEvent = JsonNode.Parse(WireData.Read(sample))!.AsObject();
        var attributes = tokenEvent["request"]!["userAttributes"]!.AsObject();
        attributes["custom:sf_org_id"] = Samples.OrgId18;
        attributes["custom:sf_user_id"] = Samples.UserId18[..15]; // the 15-character form is read too
        if (version is not null)
        {
            tokenEvent["version"] = version;
        }

        return tokenEvent;
    }

    [Fact]
    public async Task Version_1_adds_the_salesforce_ids_to_the_id_token_in_18_characters()
    {
        var reply = await host.HandleAsync(WithSalesforceUser(V1Sample).ToJsonString());

        var claims = reply["response"]!["claimsOverrideDetails"]!["claimsToAddOrOverride"]!.AsObject();
        Assert.Equal(Samples.OrgId18, claims["sf_org_id"]!.GetValue<string>());
        Assert.Equal(Samples.UserId18, claims["sf_user_id"]!.GetValue<string>());
        Assert.Null(reply["response"]!["claimsOverrideDetails"]!["claimsToSuppress"]);
        Assert.Null(reply["response"]!["claimsAndScopeOverrideDetails"]);
    }

    [Fact]
    public async Task Version_2_adds_them_to_the_access_token_too()
    {
        var reply = await host.HandleAsync(WithSalesforceUser(V2Sample, version: "2").ToJsonString());

        var details = reply["response"]!["claimsAndScopeOverrideDetails"]!;
        foreach (var token in new[] { "idTokenGeneration", "accessTokenGeneration" })
        {
            Assert.Equal(Samples.UserId18, details[token]!["claimsToAddOrOverride"]!["sf_user_id"]!.GetValue<string>());
            Assert.Equal(Samples.OrgId18, details[token]!["claimsToAddOrOverride"]!["sf_org_id"]!.GetValue<string>());
        }

        Assert.Null(reply["response"]!["claimsOverrideDetails"]);
    }

    [Fact]
    public async Task The_v2_sample_as_published_says_version_1_and_gets_the_version_1_answer()
    {
        var reply = await host.HandleAsync(WithSalesforceUser(V2Sample).ToJsonString());

        Assert.NotNull(reply["response"]!["claimsOverrideDetails"]);
    }

    [Theory]
    [InlineData(V1Sample)]
    [InlineData(V2Sample)]
    public async Task A_user_without_salesforce_attributes_gets_no_claims_and_no_error(string sample)
    {
        var reply = await host.HandleAsync(WireData.ReadBytes(sample));

        Assert.Empty(reply["response"]!["claimsOverrideDetails"]!["claimsToAddOrOverride"]!.AsObject());
    }

    [Fact]
    public async Task Client_metadata_never_becomes_a_claim()
    {
        var tokenEvent = JsonNode.Parse(WireData.Read(V1Sample))!.AsObject();
        tokenEvent["request"]!["clientMetadata"] = new JsonObject { ["sf_org_id"] = Samples.OrgId18, ["sf_user_id"] = Samples.UserId18 };

        var reply = await host.HandleAsync(tokenEvent.ToJsonString());

        Assert.Empty(reply["response"]!["claimsOverrideDetails"]!["claimsToAddOrOverride"]!.AsObject());
    }

    [Fact]
    public async Task The_managed_runtime_handler_string_serves_it()
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(WithSalesforceUser(V1Sample).ToJsonString()));

        await using var output = await new Triggers().PreTokenGeneration(input);

        var reply = await JsonNode.ParseAsync(output);
        Assert.Equal(Samples.UserId18, reply!["response"]!["claimsOverrideDetails"]!["claimsToAddOrOverride"]!["sf_user_id"]!.GetValue<string>());
    }
}
