using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Client;

/// <summary>Cognito's tokens. <see cref="ToString"/> shows none of them.</summary>
public sealed record CognitoTokens(string IdToken, string AccessToken, string? RefreshToken, int ExpiresIn, string TokenType)
{
    public override string ToString() => $"[Cognito tokens, {TokenType}, expire in {ExpiresIn} s]";
}

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

/// <summary>Failures the client finds itself.</summary>
public static class ClientErrorCodes
{
    public const string ValidatorUnreachable = "validator_unreachable";
    public const string CognitoUnreachable = "cognito_unreachable";

    /// <summary>Cognito asked again after the session was given: the triggers did not accept it.</summary>
    public const string AnswerNotAccepted = "answer_not_accepted";

    /// <summary>A service answered something this client cannot read.</summary>
    public const string UnexpectedResponse = "unexpected_response";
}

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
