namespace SfCognitoSso.Core.Sessions;

/// <summary>The kinds of proof a user can sign in with; each edge recognises its own wire names for them in one place.</summary>
public enum SignInInputKind
{
    /// <summary>A Salesforce session ID or OAuth access token (<c>00D…!…</c>), proved by asking Salesforce.</summary>
    SalesforceSession,

    /// <summary>A Canvas signed request: its signature checked with the org's consumer secret, then the OAuth token it
    /// carries proved like a session, for the user it names.</summary>
    CanvasSignedRequest,

    /// <summary>A Salesforce JWT-based access token: checked offline against the org's published keys; Salesforce is
    /// asked only about a user the directory does not know yet.</summary>
    JwtAccessToken,
}

/// <summary>
/// What a user signs in with, whatever its kind: the one input of <see cref="Flows.ValidateSession"/> and
/// <see cref="Flows.ExchangeSession"/>, which open it, prove it and mint the ticket. A secret: <see cref="ToString"/>
/// never shows it.
/// </summary>
public sealed class SignInInput
{
    private SignInInput(SignInInputKind kind, SalesforceSession? session, CanvasSignedRequest? signedRequest) =>
        (Kind, Session, SignedRequest) = (kind, session, signedRequest);

    /// <summary>What kind of input this is.</summary>
    public SignInInputKind Kind { get; }

    internal SalesforceSession? Session { get; }

    internal CanvasSignedRequest? SignedRequest { get; }

    /// <summary>A Salesforce session.</summary>
    public static SignInInput Of(SalesforceSession session) =>
        new(SignInInputKind.SalesforceSession, session ?? throw new ArgumentNullException(nameof(session)), null);

    /// <summary>A Canvas signed request.</summary>
    public static SignInInput Of(CanvasSignedRequest signedRequest) =>
        new(SignInInputKind.CanvasSignedRequest, null, signedRequest ?? throw new ArgumentNullException(nameof(signedRequest)));

    /// <summary>The input of this kind carried by <paramref name="value"/> as the client sent it.</summary>
    public static SignInInput Of(SignInInputKind kind, string? value) => kind switch
    {
        SignInInputKind.SalesforceSession => Of(new SalesforceSession(value)),
        SignInInputKind.CanvasSignedRequest => Of(new CanvasSignedRequest(value)),
        SignInInputKind.JwtAccessToken => new(SignInInputKind.JwtAccessToken, new SalesforceSession(value), null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sign-in input kind."),
    };

    /// <summary>What an answer to the challenge is: a JWT (three base64url parts, its header a JSON object) or a session.</summary>
    public static SignInInputKind KindOfAnswer(string? answer) =>
        Contracts.Challenge.IsJwtAccessToken(answer) ? SignInInputKind.JwtAccessToken : SignInInputKind.SalesforceSession;

    /// <inheritdoc/>
    public override string ToString() => $"[redacted {Kind}]";
}
