using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Core.Tokens;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The token exchange as a Core flow: validate (find or create), sign the ticket, then the directory's own
/// sign-in with the session as the answer and that ticket beside it.</summary>
public sealed class ExchangeSessionTests : IDisposable
{
    private const string Ticket = "header.claims.signature";

    private readonly RecordingTickets tickets = new();
    private readonly CoreHarness core;

    public ExchangeSessionTests() => core = new CoreHarness(configure: services =>
    {
        services.AddSingleton<ITicketSigner>(tickets);
        services.AddSingleton<ITicketVerifier>(tickets);
        services.AddSingleton<InMemoryTokenIssuer>();
        services.AddSingleton<ITokenIssuer>(provider => provider.GetRequiredService<InMemoryTokenIssuer>());
    });

    public void Dispose() => core.Dispose();

    [Fact]
    public async Task A_first_exchange_creates_the_user_and_returns_the_directorys_tokens_for_them()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var exchanged = await core.Mediator.Send(new ExchangeSession(new SalesforceSession(Samples.Session)));

        Assert.True(exchanged.Succeeded, exchanged.Refusal?.Message);
        Assert.Equal(Samples.Username, Assert.Single(core.Users.ListUsers()).Username);
        Assert.Equal(Samples.Username, core.Get<InMemoryTokenIssuer>().OwnerOf(exchanged.Tokens.AccessToken));
        core.AssertLogsHoldNo(Samples.Session);
    }

    [Fact]
    public async Task The_ticket_signed_for_the_validated_session_reaches_the_directorys_verify()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        await core.Mediator.Send(new ExchangeSession(new SalesforceSession(Samples.Session)));

        var signed = Assert.Single(tickets.Signed);
        Assert.Equal(Samples.Username, signed.Username);
        Assert.Equal(TicketClaims.HashOf(new SalesforceSession(Samples.Session)), signed.SessionHash);
        Assert.Equal(Ticket, tickets.Checked);
    }

    [Fact]
    public async Task A_refused_session_is_refused_before_any_user_or_token_exists()
    {
        var exchanged = await core.Mediator.Send(new ExchangeSession(new SalesforceSession(Samples.Session)));

        Assert.False(exchanged.Succeeded);
        Assert.Equal(RefusalReason.InvalidSession, exchanged.Refusal.Reason);
        Assert.Empty(core.Users.ListUsers());
        Assert.Empty(tickets.Signed);
        Assert.Null(tickets.Checked);
    }

    [Fact]
    public async Task Without_a_token_issuer_every_exchange_is_refused_as_the_directory_unavailable_and_nothing_is_created()
    {
        using var withoutIssuer = new CoreHarness();
        withoutIssuer.Salesforce.Accept(Samples.Session, Samples.Identity);

        var exchanged = await withoutIssuer.Mediator.Send(new ExchangeSession(new SalesforceSession(Samples.Session)));

        Assert.Equal(RefusalReason.DirectoryUnavailable, exchanged.Refusal!.Reason);
        Assert.Empty(withoutIssuer.Users.ListUsers());
        Assert.Equal(0, withoutIssuer.Salesforce.Calls);
    }

    /// <summary>Signs a fixed ticket, records what it signed and what Verify was asked to check (then sends Verify the
    /// normal way).</summary>
    private sealed class RecordingTickets : ITicketSigner, ITicketVerifier
    {
        public List<TicketClaims> Signed { get; } = [];

        public string? Checked { get; private set; }

        public string? Sign(TicketClaims claims)
        {
            Signed.Add(claims);
            return Ticket;
        }

        public ValueTask<TicketVerdict> CheckAsync(string? ticket, SalesforceSession answer, DirectoryUser user, TicketAudience audience)
        {
            Checked = ticket;
            return ValueTask.FromResult(TicketVerdict.Unusable);
        }
    }
}
