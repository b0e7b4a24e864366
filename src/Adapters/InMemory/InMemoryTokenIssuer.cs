using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mediator;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Adapters.InMemory;

/// <summary>
/// The in-memory directory's own sign-in, run as Cognito runs it with our triggers: the user must exist and be
/// enabled, and Core's Verify (<see cref="VerifyAuthChallenge"/>, with the ticket when there is one) must accept the
/// session as that user's answer. Tokens are random and remembered, so a test can ask whose they are. For tests and
/// architects swapping adapters; no host turns the exchange on with it.
/// </summary>
public sealed class InMemoryTokenIssuer(InMemoryIdentityDirectory directory, ISender mediator) : ITokenIssuer
{
    public const string ClientId = "in-memory-exchange";

    public const int ExpiresInSeconds = 3600;

    private static readonly Refusal NotAccepted = new(RefusalReason.InvalidSession, "The directory did not accept the session.");

    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    public string Audience => ClientId;

    /// <summary>The user a token was issued to, or null for a token this issuer never issued.</summary>
    public string? OwnerOf(string token) => owners.GetValueOrDefault(token);

    public async ValueTask<TokenIssue> IssueAsync(string username, SalesforceSession session, CancellationToken cancellationToken, string? ticket = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (directory.FindByUsername(username) is not { Enabled: true } user)
        {
            return TokenIssue.Refused(NotAccepted);
        }

        var verdict = await mediator.Send(new VerifyAuthChallenge(user, session, UserNotFound: false, ticket), cancellationToken).ConfigureAwait(false);
        if (!verdict.AnswerCorrect)
        {
            return TokenIssue.Refused(NotAccepted);
        }

        var tokens = new IssuedTokens(NewToken(username), NewToken(username), NewToken(username), ExpiresInSeconds);
        return TokenIssue.Issued(tokens);
    }

    private string NewToken(string username)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        owners[token] = username;
        return token;
    }
}
