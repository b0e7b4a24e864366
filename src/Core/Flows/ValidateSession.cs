using System.Diagnostics.CodeAnalysis;
using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Core.Validation;

namespace SfCognitoSso.Core.Flows;

/// <summary>Step 1 of sign-in, for every kind of input: open it (a Canvas signed request's signature checked, its
/// token taken as the session, the user it names expected), prove the session with Salesforce, make sure the Cognito
/// user exists, and mint the validator's ticket for what was proved.</summary>
public sealed record ValidateSession(SignInInput Input) : ICommand<ValidateSessionResult>
{
    /// <summary>The validation of a Salesforce session.</summary>
    public ValidateSession(SalesforceSession session)
        : this(SignInInput.Of(session))
    {
    }
}

/// <summary>The Cognito username to sign in with and the ticket vouching for it, or why not.</summary>
public sealed record ValidateSessionResult : IFlowResult<ValidateSessionResult>
{
    private ValidateSessionResult(string? username, string? email, bool created, Refusal? failure) =>
        (Username, Email, Created, Refusal) = (username, email, created, failure);

    /// <summary>The Cognito username to sign in with.</summary>
    public string? Username { get; }

    /// <summary>The user's email address, as Salesforce has it.</summary>
    public string? Email { get; }

    /// <summary>True when the Cognito user was created by this sign-in.</summary>
    public bool Created { get; }

    /// <summary>The session proved: the answer the directory's own sign-in is given.</summary>
    public SalesforceSession? Session { get; private init; }

    /// <summary>The validator's signed ticket for this sign-in; null where the validator signs none.</summary>
    public string? Ticket { get; private init; }

    /// <summary>The Salesforce identity proved.</summary>
    public SalesforceId OrgId { get; private init; }

    /// <summary>The Salesforce user proved.</summary>
    public SalesforceId UserId { get; private init; }

    /// <summary>Why not, when refused.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when <see cref="Username"/> and <see cref="Session"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(Username), nameof(Session))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Username is not null;

    /// <summary>A session proved and its user found or created.</summary>
    public static ValidateSessionResult Validated(
        string username, string? email, bool created, SalesforceSession session, SalesforceId orgId, SalesforceId userId, string? ticket) =>
        new(username ?? throw new ArgumentNullException(nameof(username)), email, created, failure: null)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session)),
            OrgId = orgId,
            UserId = userId,
            Ticket = ticket,
        };

    /// <summary>Refused, and why.</summary>
    public static ValidateSessionResult Refused(Refusal failure) =>
        new(username: null, email: null, created: false, failure ?? throw new ArgumentNullException(nameof(failure)));
}

/// <remarks>
/// Every proof has a time, and the ticket carries it: Salesforce's answer (the moment this request asked, or a cached
/// answer's own time) or a JWT's issue time. A proof from before the user's sign-out mark signs no one in: a JWT is
/// refused, a cached answer is asked of Salesforce again; Verify holds the ticket's proof time to the mark it reads
/// from Cognito's own event, so no view of the mark held here (another instance may have changed it) decides.
/// <c>tickets</c>: null where the validator signs no tickets (the triggers' own process).
/// </remarks>
internal sealed partial class ValidateSessionHandler(
    SessionAuthenticator authenticator,
    UserProvisioning provisioning,
    CanvasRequests canvas,
    SalesforceSessionRules sessionRules,
    AccessTokenSignIn accessTokens,
    TimeProvider time,
    ILogger<ValidateSessionHandler> logger,
    ITicketSigner? tickets = null) : ICommandHandler<ValidateSession, ValidateSessionResult>
{
    /// <summary>Where a proof comes from: what a sign-out mark newer than it means.</summary>
    private enum Proof
    {
        /// <summary>Salesforce answered this request: Verify decides on the ticket's time.</summary>
        Answered,

        /// <summary>An answer from before this request (the cache): asked again if the user was signed out since.</summary>
        Cached,

        /// <summary>A JWT-based access token: one issued before the sign-out is refused.</summary>
        Jwt,
    }

    private static readonly Refusal NotTheNamedUser = new(RefusalReason.InvalidSession, "The session belongs to another user than the signed request names.");

    public async ValueTask<ValidateSessionResult> Handle(ValidateSession command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Before Salesforce is asked: an answer given during this request reflects the session at this time or later.
        var startedAt = time.GetUtcNow();
        if (command.Input.Kind == SignInInputKind.JwtAccessToken)
        {
            return await SignInWithAccessTokenAsync(command.Input.Session!, cancellationToken).ConfigureAwait(false);
        }

        var (session, expectedUser, refusal) = Open(command.Input);
        if (refusal is not null)
        {
            return ValidateSessionResult.Refused(refusal);
        }

        var validation = await authenticator.AuthenticateAsync(session!, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return ValidateSessionResult.Refused(validation.Refusal);
        }

        var identity = validation.Identity;
        if (expectedUser is { } expected && expected != identity.UserId)
        {
            return ValidateSessionResult.Refused(NotTheNamedUser);
        }

        return validation.ProvenAt is { } cachedAt
            ? await FindOrCreateAsync(session!, identity, cachedAt, Proof.Cached, cancellationToken).ConfigureAwait(false)
            : await FindOrCreateAsync(session!, identity, startedAt, Proof.Answered, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JWT: a user the directory knows signs in on the token alone; any other is found or created.</summary>
    private async ValueTask<ValidateSessionResult> SignInWithAccessTokenAsync(SalesforceSession token, CancellationToken cancellationToken)
    {
        var proof = await accessTokens.ProveAsync(token, cancellationToken).ConfigureAwait(false);
        if (proof.KnownUser is { SalesforceOrgId: { } orgId, SalesforceUserId: { } userId } known)
        {
            LogValidated(orgId.Value, created: false);
            return Validated(token, known.Username, known.Email, created: false, orgId, userId, proof.IssuedAt);
        }

        return proof.Identity is { } identity
            ? await FindOrCreateAsync(token, identity, proof.IssuedAt, Proof.Jwt, cancellationToken).ConfigureAwait(false)
            : ValidateSessionResult.Refused(proof.Refusal!);
    }

    private async ValueTask<ValidateSessionResult> FindOrCreateAsync(
        SalesforceSession session, Identity.SalesforceIdentity identity, DateTimeOffset provenAt, Proof proof, CancellationToken cancellationToken)
    {
        var outcome = await provisioning.FindOrCreateAsync(identity, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            LogDirectoryRefused(identity.OrgId.Value, outcome.Refusal.Reason);
            return ValidateSessionResult.Refused(outcome.Refusal);
        }

        // The mark of the user found, whatever the identity key (Email mode links by address): a proof from before it.
        if (outcome.User.SignedOutAt is { } mark && SignOutMark.Outlives(provenAt, mark) && proof != Proof.Answered)
        {
            if (proof == Proof.Jwt)
            {
                LogProofBeforeSignOut(identity.OrgId.Value);
                return ValidateSessionResult.Refused(AccessTokenSignIn.SignedOutSince);
            }

            var askedAt = time.GetUtcNow();
            var again = await authenticator.AuthenticateAsync(session, mark, cancellationToken).ConfigureAwait(false);
            if (!again.IsValid)
            {
                return ValidateSessionResult.Refused(again.Refusal);
            }

            if (again.Identity.UserId != identity.UserId || again.Identity.OrgId != identity.OrgId)
            {
                return ValidateSessionResult.Refused(NotTheNamedUser);
            }

            provenAt = again.ProvenAt ?? askedAt;
        }

        LogValidated(identity.OrgId.Value, outcome.Created);
        return Validated(session, outcome.User.Username, identity.Email, outcome.Created, identity.OrgId, identity.UserId, provenAt);
    }

    /// <summary>The answer, with the one ticket a sign-in gets (minted here only), vouching for the proof's time.</summary>
    private ValidateSessionResult Validated(
        SalesforceSession session, string username, string? email, bool created, SalesforceId orgId, SalesforceId userId, DateTimeOffset provenAt)
    {
        var ticket = tickets?.Sign(new TicketClaims(TicketClaims.HashOf(session), username, orgId, userId, provenAt));
        return ValidateSessionResult.Validated(username, email, created, session, orgId, userId, ticket);
    }

    /// <summary>The session an input carries and the user it names, if any. A session was checked by the request's
    /// rules; the token a signed request carries is checked by the same rules once its signature holds.</summary>
    private (SalesforceSession? Session, SalesforceId? ExpectedUser, Refusal? Refusal) Open(SignInInput input)
    {
        if (input.Kind == SignInInputKind.SalesforceSession)
        {
            return (input.Session, null, null);
        }

        var opened = canvas.Open(input.SignedRequest!);
        if (!opened.Succeeded)
        {
            return (null, null, opened.Refusal);
        }

        return sessionRules.Validate(opened.Session) is { IsValid: false } invalid
            ? (null, null, Refusal.InvalidRequest(invalid.Errors[0].ErrorMessage))
            : (opened.Session, opened.UserId, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session for org {OrgId} validated; Cognito user created: {Created}")]
    private partial void LogValidated(string orgId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "JWT access token of org {OrgId} refused: issued before the user's sign-out")]
    private partial void LogProofBeforeSignOut(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session for org {OrgId} validated but the directory refused: {Reason}")]
    private partial void LogDirectoryRefused(string orgId, RefusalReason reason);
}
