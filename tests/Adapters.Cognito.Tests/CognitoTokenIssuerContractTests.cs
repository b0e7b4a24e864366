using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>
/// The token issuer contract, met by the Cognito adapter against the local stack's user pool emulator over HTTP
/// (signed admin calls, the custom-auth state machine), whose triggers accept one session per user as the answer.
/// </summary>
public sealed class CognitoTokenIssuerContractTests : TokenIssuerContract, IAsyncLifetime, IDisposable
{
    private PoolEmulatorHost? pool;
    private CognitoHarness? harness;

    public async Task InitializeAsync() => pool = await PoolEmulatorHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (pool is not null)
        {
            await pool.DisposeAsync();
        }
    }

    public void Dispose() => harness?.Dispose();

    protected override Task<ITokenIssuer> CreateIssuerAsync(string username, SalesforceSession acceptedSession)
    {
        pool!.AddUser(username, acceptedSession.Reveal());
        harness = pool.Adapter();
        return Task.FromResult(harness.Issuer);
    }

    protected override string? TicketSeenByTheDirectory => pool!.Triggers.LastTicket;

    protected override string LogText() => harness is null ? string.Empty : string.Join("\n", Testing.LogText.Of(harness.Logs));

    [Fact]
    public async Task A_refused_answer_is_one_attempt_not_three()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, new SalesforceSession(Samples.Session));

        await issuer.IssueAsync(Samples.Username, new SalesforceSession(Samples.OtherUserSession), CancellationToken.None);

        Assert.Equal(["AdminInitiateAuth", "AdminRespondToAuthChallenge"], harness!.Operations);
    }
}
