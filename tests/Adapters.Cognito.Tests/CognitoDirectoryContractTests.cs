using System.Text.Json.Nodes;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>The directory contract, met by the Cognito adapter against a real peer: cognito-local.</summary>
[Collection(CognitoLocalCollection.Name)]
public sealed class CognitoDirectoryContractTests(CognitoLocal cognitoLocal) : IdentityDirectoryContract, IAsyncLifetime, IDisposable
{
    private readonly List<CognitoHarness> harnesses = [];
    private string userPoolId = string.Empty;

    public async Task InitializeAsync() => userPoolId = await cognitoLocal.CreateUserPoolAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var harness in harnesses)
        {
            harness.Dispose();
        }
    }

    protected override Task<IIdentityDirectory> CreateDirectoryAsync(IdentityKey identityKey)
    {
        var harness = new CognitoHarness(cognitoLocal.Url, userPoolId, identityKey);
        harnesses.Add(harness);
        return Task.FromResult<IIdentityDirectory>(harness.Directory);
    }

    protected override async Task SeedUserAsync(string username, IReadOnlyDictionary<string, string> attributes)
    {
        var userAttributes = new JsonArray([.. attributes.Select(pair => (JsonNode)new JsonObject { ["Name"] = pair.Key, ["Value"] = pair.Value })]);
        var request = new JsonObject
        {
            ["UserPoolId"] = userPoolId,
            ["Username"] = username,
            ["MessageAction"] = "SUPPRESS",
            ["UserAttributes"] = userAttributes,
        };
        await cognitoLocal.CallAsync("AdminCreateUser", request.ToJsonString());
    }

    protected override async Task<IReadOnlyList<DirectoryUser>> ListUsersAsync()
    {
        var listed = await cognitoLocal.CallAsync("ListUsers", new JsonObject { ["UserPoolId"] = userPoolId }.ToJsonString());
        return [.. listed["Users"]!.AsArray().Select(user => new DirectoryUser(
            user!["Username"]!.GetValue<string>(),
            user["Attributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>())))];
    }
}
