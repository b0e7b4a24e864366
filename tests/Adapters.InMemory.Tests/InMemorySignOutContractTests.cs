using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

/// <summary>The sign-out contract, met by the in-memory directory: a user's sign-in ends at their first sign-out.</summary>
public sealed class InMemorySignOutContractTests : SignOutDirectoryContract
{
    private readonly InMemoryIdentityDirectory directory = new();

    protected override Task<ISignOutDirectory> CreateAsync(string username)
    {
        directory.Add(new DirectoryUser(username, Samples.Email, true, SalesforceId.Parse(Samples.OrgId18), SalesforceId.Parse(Samples.UserId18)));
        return Task.FromResult<ISignOutDirectory>(directory);
    }

    protected override Task<bool> SignInStillWorksAsync(string username) => Task.FromResult(directory.SignOutsOf(username) == 0);

    protected override Task<DirectoryUser?> ReadAsync(string username) => Task.FromResult(directory.FindByUsername(username));
}
