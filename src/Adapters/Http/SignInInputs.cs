using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Where each kind of sign-in input arrives on the wire, in one place: the validator body's field, and the token
/// exchange's <c>subject_token_type</c>s. A third kind is a row here and a case in Core, nothing in the endpoints.
/// </summary>
public static class SignInInputs
{
    private static readonly (SignInInputKind Kind, string[] SubjectTokenTypes)[] Kinds =
    [
        (SignInInputKind.SalesforceSession, [TokenExchange.SalesforceSessionType]),
        (SignInInputKind.CanvasSignedRequest, [TokenExchange.CanvasSignedRequestType]),
        (SignInInputKind.JwtAccessToken, [TokenExchange.JwtType]),
    ];

    /// <summary>Generic clients name any OAuth access token so: a session ID or a JWT, which Core tells apart.</summary>
    private const string EitherAccessToken = TokenExchange.AccessTokenType;

    /// <summary>Every <c>subject_token_type</c> the exchange accepts (its OpenAPI enumeration).</summary>
    public static IReadOnlyList<string> SubjectTokenTypeList { get; } = [.. Kinds.SelectMany(kind => kind.SubjectTokenTypes).Prepend(EitherAccessToken)];

    /// <summary>Every <c>subject_token_type</c> the exchange accepts, for its error message.</summary>
    public static string SubjectTokenTypes { get; } = string.Join(", ", SubjectTokenTypeList);

    /// <summary>The validator body's input: at most one of <c>sessionId</c>, <c>signedRequest</c> and
    /// <c>accessToken</c>; null for more than one.</summary>
    public static SignInInput? FromBody(ValidateSessionBody? body) => body switch
    {
        { SessionId: { } session, SignedRequest: null, AccessToken: null } => SignInInput.Of(SignInInputKind.SalesforceSession, session),
        { SessionId: null, SignedRequest: { } signed, AccessToken: null } => SignInInput.Of(SignInInputKind.CanvasSignedRequest, signed),
        { SessionId: null, SignedRequest: null, AccessToken: { } token } => SignInInput.Of(SignInInputKind.JwtAccessToken, token),
        // None: a session that is missing, which the flow's rules name.
        { SessionId: null, SignedRequest: null, AccessToken: null } => SignInInput.Of(SignInInputKind.SalesforceSession, null),
        _ => null,
    };

    /// <summary>The token exchange's subject: null when the type is not one the exchange knows.</summary>
    public static SignInInput? FromSubjectToken(string? subjectTokenType, string subjectToken)
    {
        if (subjectTokenType == EitherAccessToken)
        {
            return SignInInput.Of(SignInInput.KindOfAnswer(subjectToken), subjectToken);
        }

        foreach (var (kind, types) in Kinds)
        {
            if (types.Contains(subjectTokenType, StringComparer.Ordinal))
            {
                return SignInInput.Of(kind, subjectToken);
            }
        }

        return null;
    }

    /// <summary>The canvas app's form: Salesforce POSTs <c>signed_request</c>.</summary>
    public static SignInInput FromCanvasForm(string? signedRequest) => SignInInput.Of(SignInInputKind.CanvasSignedRequest, signedRequest);
}
