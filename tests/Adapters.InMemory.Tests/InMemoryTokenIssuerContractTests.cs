using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Core.Tokens;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

/// <summary>The token issuer contract, met by the in-memory directory's sign-in (Core's Verify over a Salesforce
/// table).</summary>
public sealed class InMemoryTokenIssuerContractTests : TokenIssuerContract, IDisposable
{
    private readonly RecordingTicketVerifier tickets = new();
    private CoreHarness? harness;

    protected override Task<ITokenIssuer> CreateIssuerAsync(string username, SalesforceSession acceptedSession)
    {
        harness = new CoreHarness(configure: services =>
        {
            services.AddSingleton<ITicketVerifier>(tickets);
            services.AddSingleton<InMemoryTokenIssuer>();
        });
        harness.Users.Add(new DirectoryUser(username, Samples.Email, EmailVerified: true, SalesforceId.Parse(Samples.OrgId18), SalesforceId.Parse(Samples.UserId18)));
        harness.Salesforce.Accept(acceptedSession.Reveal(), Samples.Identity);
        return Task.FromResult<ITokenIssuer>(harness.Get<InMemoryTokenIssuer>());
    }

    protected override string? TicketSeenByTheDirectory => tickets.Last;

    protected override string LogText() => harness is null ? string.Empty : string.Join("\n", Testing.LogText.Of(harness.Logs));

    public void Dispose() => harness?.Dispose();

    [Fact]
    public async Task Its_tokens_name_the_user_they_were_issued_to()
    {
        var issuer = (InMemoryTokenIssuer)await CreateIssuerAsync(Samples.Username, new SalesforceSession(Samples.Session));

        var issue = await issuer.IssueAsync(Samples.Username, new SalesforceSession(Samples.Session), CancellationToken.None);

        Assert.Equal(Samples.Username, issuer.OwnerOf(issue.Tokens!.AccessToken));
        Assert.Null(issuer.OwnerOf("a-token-never-issued"));
    }

    /// <summary>Records the ticket Verify was handed, and sends it the normal way (Salesforce) whatever it is.</summary>
    private sealed class RecordingTicketVerifier : ITicketVerifier
    {
        public string? Last { get; private set; }

        public ValueTask<TicketVerdict> CheckAsync(string? ticket, SalesforceSession answer, DirectoryUser user, TicketAudience audience)
        {
            Last = ticket;
            return ValueTask.FromResult(TicketVerdict.Unusable);
        }
    }
}
