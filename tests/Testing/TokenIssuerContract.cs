using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// What every <see cref="ITokenIssuer"/> must do, whatever directory it signs users into: tokens only when the
/// directory's own sign-in accepts the session for that user, a refusal (never an exception, never "unavailable")
/// when it does not, the validator's ticket handed to that sign-in, and the session in no log.
/// </summary>
public abstract class TokenIssuerContract
{
    /// <summary>The issuer, over a directory in which <paramref name="username"/> exists and whose own sign-in accepts
    /// exactly <paramref name="acceptedSession"/> as that user's answer.</summary>
    protected abstract Task<ITokenIssuer> CreateIssuerAsync(string username, SalesforceSession acceptedSession);

    /// <summary>The ticket the directory's sign-in last received with an answer (null: none).</summary>
    protected abstract string? TicketSeenByTheDirectory { get; }

    /// <summary>Everything the issuer and the directory logged.</summary>
    protected abstract string LogText();

    private static readonly SalesforceSession Session = new(Samples.Session);

    [Fact]
    public async Task Issues_tokens_when_the_directory_accepts_the_session_for_the_user()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, Session);

        var issue = await issuer.IssueAsync(Samples.Username, Session, CancellationToken.None);

        Assert.True(issue.Succeeded, issue.Refusal?.Message);
        Assert.False(string.IsNullOrEmpty(issue.Tokens.IdToken));
        Assert.False(string.IsNullOrEmpty(issue.Tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(issue.Tokens.RefreshToken));
        Assert.True(issue.Tokens.ExpiresIn > 0);
        Assert.False(string.IsNullOrEmpty(issuer.Audience));
        SecretAssert.NoneIn(LogText(), Samples.Session, Samples.SessionToken);
    }

    [Fact]
    public async Task Refuses_a_session_the_directory_does_not_accept_as_an_invalid_session()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, Session);

        var issue = await issuer.IssueAsync(Samples.Username, new SalesforceSession(Samples.OtherUserSession), CancellationToken.None);

        Assert.False(issue.Succeeded);
        Assert.Equal(RefusalReason.InvalidSession, issue.Refusal.Reason);
        SecretAssert.NoneIn(LogText(), Samples.OtherUserSession);
    }

    [Fact]
    public async Task Refuses_a_user_the_directory_does_not_have_as_an_invalid_session()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, Session);

        var issue = await issuer.IssueAsync("sf_nobody_here", Session, CancellationToken.None);

        Assert.False(issue.Succeeded);
        Assert.Equal(RefusalReason.InvalidSession, issue.Refusal.Reason);
    }

    [Fact]
    public async Task Hands_the_validators_ticket_to_the_directorys_sign_in()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, Session);

        var issue = await issuer.IssueAsync(Samples.Username, Session, CancellationToken.None, ticket: "header.claims.signature");

        Assert.True(issue.Succeeded, issue.Refusal?.Message);
        Assert.Equal("header.claims.signature", TicketSeenByTheDirectory);
    }

    [Fact]
    public async Task Without_a_ticket_the_directorys_sign_in_gets_none()
    {
        var issuer = await CreateIssuerAsync(Samples.Username, Session);

        var issue = await issuer.IssueAsync(Samples.Username, Session, CancellationToken.None);

        Assert.True(issue.Succeeded, issue.Refusal?.Message);
        Assert.Null(TicketSeenByTheDirectory);
    }
}
