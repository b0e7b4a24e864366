using System.Diagnostics.CodeAnalysis;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tokens;

/// <summary>The tokens a directory issued after its own custom authentication.</summary>
public sealed record IssuedTokens(string IdToken, string AccessToken, string? RefreshToken, int ExpiresIn)
{
    public override string ToString() => $"[tokens, expire in {ExpiresIn} s]";
}

/// <summary>Tokens, or why not.</summary>
public sealed class TokenIssue
{
    private TokenIssue(IssuedTokens? tokens, Failure? failure) => (Tokens, Failure) = (tokens, failure);

    public IssuedTokens? Tokens { get; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    public static TokenIssue Issued(IssuedTokens tokens) => new(tokens, null);

    public static TokenIssue Refused(Failure failure) => new(null, failure);
}

/// <summary>
/// Runs the directory's own sign-in for a user with the session as the answer (Cognito: AdminInitiateAuth and
/// AdminRespondToAuthChallenge), so the directory's triggers still decide. The token exchange's second half.
/// </summary>
public interface ITokenIssuer
{
    /// <summary>Who the tokens are for (Cognito: the exchange's app client ID); a requested audience must be it.</summary>
    string Audience { get; }

    /// <param name="ticket">The validator's ticket for this session, handed to the directory's Verify trigger so it
    /// need not ask Salesforce again; null when the validator signs none.</param>
    ValueTask<TokenIssue> IssueAsync(string username, SalesforceSession session, CancellationToken cancellationToken, string? ticket = null);
}
