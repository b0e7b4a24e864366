using System.Diagnostics.CodeAnalysis;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tokens;

/// <summary>The tokens a directory issued after its own custom authentication.</summary>
public sealed record IssuedTokens(string IdToken, string AccessToken, string? RefreshToken, int ExpiresIn)
{
    /// <inheritdoc/>
    public override string ToString() => $"[tokens, expire in {ExpiresIn} s]";
}

/// <summary>Tokens, or why not.</summary>
public sealed class TokenIssue
{
    private TokenIssue(IssuedTokens? tokens, Refusal? failure) => (Tokens, Refusal) = (tokens, failure);

    /// <summary>The tokens, when issued.</summary>
    public IssuedTokens? Tokens { get; }

    /// <summary>Why not, when refused.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when <see cref="Tokens"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    /// <summary>Tokens issued.</summary>
    public static TokenIssue Issued(IssuedTokens tokens) => new(tokens, null);

    /// <summary>Refused, and why.</summary>
    public static TokenIssue Refused(Refusal failure) => new(null, failure);
}

/// <summary>
/// Runs the directory's own sign-in for a user with the session as the answer (Cognito: AdminInitiateAuth and
/// AdminRespondToAuthChallenge), so the directory's triggers still decide. The token exchange's second half.
/// </summary>
public interface ITokenIssuer
{
    /// <summary>Who the tokens are for (Cognito: the exchange's app client ID); a requested audience must be it.</summary>
    string Audience { get; }

    /// <param name="username">The directory user to sign in (the validator found or made it).</param>
    /// <param name="session">The proved session: the answer to the directory's challenge.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <param name="ticket">The validator's ticket for this session, handed to the directory's Verify trigger so it
    /// need not ask Salesforce again; null when the validator signs none.</param>
    ValueTask<TokenIssue> IssueAsync(string username, SalesforceSession session, CancellationToken cancellationToken, string? ticket = null);
}
