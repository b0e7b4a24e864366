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
        // The access token type too: a Salesforce session is an OAuth access token, and generic clients send that type.
        (SignInInputKind.SalesforceSession, [TokenExchange.AccessTokenType, TokenExchange.SalesforceSessionType]),
        (SignInInputKind.CanvasSignedRequest, [TokenExchange.CanvasSignedRequestType]),
    ];

    /// <summary>Every <c>subject_token_type</c> the exchange accepts, for its error message.</summary>
    public static string SubjectTokenTypes { get; } = string.Join(", ", Kinds.SelectMany(kind => kind.SubjectTokenTypes));

    /// <summary>The validator body's input: exactly one of <c>sessionId</c> and <c>signedRequest</c>; null otherwise.</summary>
    public static SignInInput? FromBody(ValidateSessionBody? body) => body switch
    {
        { SessionId: { } session, SignedRequest: null } => SignInInput.Of(SignInInputKind.SalesforceSession, session),
        { SessionId: null, SignedRequest: { } signed } => SignInInput.Of(SignInInputKind.CanvasSignedRequest, signed),
        // Neither: a session that is missing, which the flow's rules name.
        { SessionId: null, SignedRequest: null } => SignInInput.Of(SignInInputKind.SalesforceSession, null),
        _ => null,
    };

    /// <summary>The token exchange's subject: null when the type is not one the exchange knows.</summary>
    public static SignInInput? FromSubjectToken(string? subjectTokenType, string subjectToken)
    {
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
