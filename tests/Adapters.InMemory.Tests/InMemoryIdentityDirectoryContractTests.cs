using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

public sealed class InMemoryIdentityDirectoryContractTests : IdentityDirectoryContract
{
    private readonly List<(string Username, IReadOnlyDictionary<string, string> Attributes)> seeded = [];
    private InMemoryIdentityDirectory? directory;

    protected override Task<IIdentityDirectory> CreateDirectoryAsync(IdentityKey identityKey)
    {
        directory = new InMemoryIdentityDirectory(Options.Create(new IdentityOptions { Key = identityKey }));
        foreach (var (username, attributes) in seeded)
        {
            directory.Add(username, attributes);
        }

        return Task.FromResult<IIdentityDirectory>(directory);
    }

    protected override Task SeedUserAsync(string username, IReadOnlyDictionary<string, string> attributes)
    {
        seeded.Add((username, attributes));
        directory?.Add(username, attributes);
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<DirectoryUser>> ListUsersAsync() =>
        Task.FromResult(directory?.ListUsers() ?? []);
}
