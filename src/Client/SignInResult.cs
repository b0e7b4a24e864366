using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Client;

/// <summary>Whether a failure is the answer (do not retry: the session or the setup is wrong) or a service that
/// could not give one (retry later).</summary>
public enum SignInFailureKind
{
    Refused,
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

    public CognitoTokens? Tokens { get; }

    public SignInFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    public static SignInResult Success(string? username, CognitoTokens tokens) => new(username, tokens, null);

    public static SignInResult Failed(SignInFailure failure) => new(null, null, failure);
}
