using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.Cognito.Api;
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

    protected override Task<IIdentityDirectory> CreateDirectoryAsync()
    {
        var harness = new CognitoHarness(cognitoLocal.Url, userPoolId);
        harnesses.Add(harness);
        return Task.FromResult<IIdentityDirectory>(harness.Directory);
    }

    protected override async Task SeedUserAsync(DirectoryUser user)
    {
        var userAttributes = new JsonArray([.. CognitoUserAttributes.Of(user).Select(pair => (JsonNode)new JsonObject { ["Name"] = pair.Name, ["Value"] = pair.Value })]);
        var request = new JsonObject
        {
            ["UserPoolId"] = userPoolId,
            ["Username"] = user.Username,
            ["MessageAction"] = "SUPPRESS",
            ["UserAttributes"] = userAttributes,
        };
        await cognitoLocal.CallAsync("AdminCreateUser", request.ToJsonString());
    }

    protected override async Task<IReadOnlyList<DirectoryUser>> ListUsersAsync()
    {
        var listed = await cognitoLocal.CallAsync("ListUsers", new JsonObject { ["UserPoolId"] = userPoolId }.ToJsonString());
        return [.. listed["Users"]!.AsArray().Select(user => CognitoUserAttributes.ToUser(
            user!["Username"]!.GetValue<string>(),
            user["Enabled"]?.GetValue<bool>() ?? true,
            [.. user["Attributes"]!.AsArray().Select(a => new AttributeType { Name = a!["Name"]!.GetValue<string>(), Value = a["Value"]!.GetValue<string>() })]))];
    }
}
