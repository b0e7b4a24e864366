using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Client;

/// <summary>Whether a failure is the answer (do not retry: the session or the setup is wrong) or a service that
/// could not give one (retry later).</summary>
public enum SignInFailureKind
{
    /// <summary>The answer is no (a refused session, a wrong setup): retrying will not help.</summary>
    Refused,
    /// <summary>A service could not answer (unreachable, timing out, throttling): retry later.</summary>
    Unavailable,
}

/// <summary>Why a call failed. <see cref="Code"/> is the validator's problem code (<c>invalid_session</c>,
/// <c>org_not_allowed</c>, … see <see cref="Contracts.ProblemCodes"/>), Cognito's error name
/// (<c>NotAuthorizedException</c>, …) or one of <see cref="ClientErrorCodes"/>. The message never holds the
/// session or a token.</summary>
public sealed record SignInFailure(string Code, string Message, SignInFailureKind Kind, int? Status = null);

/// <summary>A sign-in or refresh: tokens, or the failure.</summary>
public sealed class SignInResult
{
    private SignInResult(string? username, CognitoTokens? tokens, SignInFailure? failure)
    {
        Username = username;
        Tokens = tokens;
        Failure = failure;
    }

    /// <summary>The Cognito username (set on sign-in; null after a refresh).</summary>
    public string? Username { get; }

    /// <summary>The tokens, when signed in.</summary>
    public CognitoTokens? Tokens { get; }

    /// <summary>Why not, when not signed in.</summary>
    public SignInFailure? Failure { get; }

    /// <summary>True when signed in: <see cref="Tokens"/> is set and <see cref="Failure"/> is not.</summary>
    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>A sign-in that gave tokens.</summary>
    public static SignInResult Success(string? username, CognitoTokens tokens) => new(username, tokens, null);

    /// <summary>A sign-in that did not, and why.</summary>
    public static SignInResult Failed(SignInFailure failure) => new(null, null, failure);
}
