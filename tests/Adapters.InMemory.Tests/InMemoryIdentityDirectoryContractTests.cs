using SfCognitoSso.Core.Directory;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

public sealed class InMemoryIdentityDirectoryContractTests : IdentityDirectoryContract
{
    private readonly InMemoryIdentityDirectory directory = new();

    protected override Task<IIdentityDirectory> CreateDirectoryAsync() => Task.FromResult<IIdentityDirectory>(directory);

    protected override Task SeedUserAsync(DirectoryUser user)
    {
        directory.Add(user);
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<DirectoryUser>> ListUsersAsync() => Task.FromResult(directory.ListUsers());
}
