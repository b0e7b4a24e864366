using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Core.Flows;

/// <summary>Cognito's VerifyAuthChallengeResponse trigger: is the answer a live session of this very user?</summary>
/// <param name="User">The Cognito user being signed in, as Cognito described it in the event.</param>
/// <param name="Answer">The client's answer: the Salesforce session.</param>
/// <param name="UserNotFound">Cognito's flag for a username no user has (answered false, after the same work).</param>
/// <param name="Ticket">The validator's ticket the client passed as ClientMetadata, if any: proof that the validator
/// checked this very session for this user seconds ago, so Salesforce need not be asked again.</param>
/// <param name="Audience">The pool and app client the sign-in is made with (the event's); a ticket must name both.</param>
public sealed record VerifyAuthChallenge(
    DirectoryUser User,
    SalesforceSession Answer,
    bool UserNotFound,
    string? Ticket = null,
    TicketAudience? Audience = null) : ICommand<AnswerVerdict>;

/// <summary>Verify's answer to Cognito.</summary>
/// <param name="AnswerCorrect">Whether the answer proves the user: Cognito's <c>answerCorrect</c>.</param>
/// <param name="Refusal">Why not, when it does not (logged, never sent to Cognito).</param>
public sealed record AnswerVerdict(bool AnswerCorrect, Refusal? Refusal) : IFlowResult<AnswerVerdict>
{
    /// <summary>The answer is right.</summary>
    public static readonly AnswerVerdict Correct = new(AnswerCorrect: true, Refusal: null);

    /// <summary>The answer is not accepted, and why.</summary>
    public static AnswerVerdict Refused(Refusal failure) => new(AnswerCorrect: false, failure);
}

/// <summary>Fails closed: any refusal, mismatch or fault answers false.</summary>
internal sealed partial class VerifyAuthChallengeHandler(
    SessionAuthenticator authenticator,
    IOptions<IdentityOptions> identityOptions,
    ILogger<VerifyAuthChallengeHandler> logger,
    ITicketVerifier? tickets = null,
    IAccessTokenValidator? accessTokens = null) : ICommandHandler<VerifyAuthChallenge, AnswerVerdict>
{
    private static readonly Refusal Mismatch =
        Refusal.InvalidRequest("The session belongs to another user than the one signing in.");

    private static readonly Refusal UnknownUser = Refusal.InvalidRequest("The user signing in does not exist.");

    private readonly IdentityKey identityKey = identityOptions.Value.Key;

    public async ValueTask<AnswerVerdict> Handle(VerifyAuthChallenge command, CancellationToken cancellationToken)
    {
        try
        {
            // A JWT answer is always checked offline, against the mark of Cognito's own event: it costs no call, so no
            // ticket is taken for it (one minted on a stale view of the mark would otherwise re-date the token).
            if (SignInInput.KindOfAnswer(command.Answer.Reveal()) == SignInInputKind.JwtAccessToken)
            {
                return await VerifyAccessTokenAsync(command, cancellationToken).ConfigureAwait(false);
            }

            // A ticket only ever saves the Salesforce call for a right answer; a wrong or unproven one (its proof made
            // before the user's sign-out mark among them) takes the normal path, where Salesforce decides.
            if (!command.UserNotFound && command.Ticket is not null && tickets is not null
                && await tickets.CheckAsync(command.Ticket, command.Answer, command.User, command.Audience ?? TicketAudience.Unknown).ConfigureAwait(false) == TicketVerdict.Accepted)
            {
                LogTicketAccepted();
                return AnswerVerdict.Correct;
            }

            // An unknown user gets the same work as a known one (the session is checked first), so the time taken
            // does not tell which usernames exist.
            // A cached answer from before the user's sign-out mark is not reused: Salesforce says whether the session lives.
            var validation = await authenticator.AuthenticateAsync(command.Answer, command.User.SignedOutAt, cancellationToken).ConfigureAwait(false);
            if (command.UserNotFound)
            {
                return AnswerVerdict.Refused(UnknownUser);
            }

            if (!validation.IsValid)
            {
                return AnswerVerdict.Refused(validation.Refusal);
            }

            if (!IdentityMapping.Matches(identityKey, validation.Identity, command.User))
            {
                LogMismatch(validation.Identity.OrgId.Value, identityKey);
                return AnswerVerdict.Refused(Mismatch);
            }

            return AnswerVerdict.Correct;
        }
#pragma warning disable CA1031 // A trigger must answer; any fault is a wrong answer, never an open door.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFault(exception.GetType().Name);
            return AnswerVerdict.Refused(Refusal.SalesforceUnavailable);
        }
    }

    /// <summary>A JWT answer, checked offline: the token's org and user must be the ones recorded on the user signing
    /// in, and it must have been issued after the user's sign-out mark. No ticket needed, no Salesforce call.</summary>
    private async ValueTask<AnswerVerdict> VerifyAccessTokenAsync(VerifyAuthChallenge command, CancellationToken cancellationToken)
    {
        var check = accessTokens is null
            ? AccessTokenCheck.Refused(AccessTokenSignIn.NotAccepted)
            : await accessTokens.CheckAsync(command.Answer, cancellationToken).ConfigureAwait(false);
        if (command.UserNotFound)
        {
            return AnswerVerdict.Refused(UnknownUser);
        }

        if (!check.Succeeded)
        {
            return AnswerVerdict.Refused(check.Refusal);
        }

        if (command.User.SalesforceOrgId != check.Org.OrgId || command.User.SalesforceUserId != check.UserId
            || (identityKey == IdentityKey.SalesforceUserId && command.User.Username != IdentityMapping.UsernameFor(check.Org.OrgId, check.UserId)))
        {
            LogMismatch(check.Org.OrgId.Value, identityKey);
            return AnswerVerdict.Refused(Mismatch);
        }

        if (SignOut.SignOutMark.Outlives(check.IssuedAt, command.User.SignedOutAt))
        {
            return AnswerVerdict.Refused(AccessTokenSignIn.SignedOutSince);
        }

        LogAccessTokenAccepted();
        return AnswerVerdict.Correct;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer accepted on a JWT access token checked offline, without asking Salesforce")]
    private partial void LogAccessTokenAccepted();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer for org {OrgId} is a valid session of another user ({IdentityKey})")]
    private partial void LogMismatch(string orgId, IdentityKey identityKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer accepted on the validator's ticket, without asking Salesforce")]
    private partial void LogTicketAccepted();

    [LoggerMessage(Level = LogLevel.Error, Message = "Verify failed closed after a {ExceptionType}")]
    private partial void LogFault(string exceptionType);
}
