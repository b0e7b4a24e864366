using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>The sign-out contract, met by the Cognito adapter (AdminUserGlobalSignOut, signed) against the local
/// stack's user pool emulator: the user's refresh token, from a real custom-auth sign-in, stops working.</summary>
public sealed class CognitoSignOutContractTests : SignOutDirectoryContract, IAsyncLifetime, IDisposable
{
    private PoolEmulatorHost? pool;
    private CognitoHarness? harness;
    private string refreshToken = string.Empty;

    public async Task InitializeAsync() => pool = await PoolEmulatorHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (pool is not null)
        {
            await pool.DisposeAsync();
        }
    }

    public void Dispose() => harness?.Dispose();

    protected override async Task<ISignOutDirectory> CreateAsync(string username)
    {
        pool!.AddUser(username, Samples.Session);
        harness = pool.Adapter();
        var signedIn = await harness.Issuer.IssueAsync(username, new SalesforceSession(Samples.Session), CancellationToken.None);
        Assert.True(signedIn.Succeeded, signedIn.Refusal?.Message);
        refreshToken = signedIn.Tokens.RefreshToken!;
        return harness.SignOut;
    }

    protected override async Task<DirectoryUser?> ReadAsync(string username)
    {
        var read = await harness!.Directory.GetAsync(username, CancellationToken.None);
        return read.Succeeded ? read.Value : null;
    }

    protected override async Task<bool> SignInStillWorksAsync(string username)
    {
        var (refreshed, error) = await pool!.RefreshAsync(refreshToken);
        Assert.True(refreshed || error == "NotAuthorizedException: Refresh Token has been revoked", error);
        return refreshed;
    }
}
