using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary><c>Exchange__ClientId</c>: the app client the token exchange signs users in with (off when unset).</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    public string? ClientId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Cognito's admin custom-auth flow, signed with the validator's credentials: AdminInitiateAuth (CUSTOM_AUTH), then
/// AdminRespondToAuthChallenge with the session as the answer, so the pool's own triggers still decide. A second
/// challenge means the triggers refused the answer: no second try (it would only use up the attempts).
/// </summary>
public sealed partial class CognitoTokenIssuer(CognitoApiClient cognito, IOptions<ExchangeOptions> options, ILogger<CognitoTokenIssuer> logger) : ITokenIssuer
{
    private static readonly Failure NotAccepted = new(FailureReason.InvalidSession, "Cognito did not accept the session.");

    private readonly string clientId = options.Value.ClientId ?? string.Empty;

    public async ValueTask<TokenIssue> IssueAsync(string username, SalesforceSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var started = await cognito.AdminInitiateAuthAsync(clientId, username, cancellationToken).ConfigureAwait(false);
        if (!started.Succeeded)
        {
            return Refuse("AdminInitiateAuth", started.Error);
        }

        if (started.Value is not { ChallengeName: Challenge.CustomChallenge, Session: { Length: > 0 } challengeSession })
        {
            return TokenIssue.Refused(NotAccepted);
        }

        var answered = await cognito.AdminRespondToAuthChallengeAsync(
            clientId,
            challengeSession,
            new()
            {
                [Challenge.UsernameParameter] = started.Value.ChallengeParameters?.GetValueOrDefault(Challenge.UsernameParameter) ?? username,
                [Challenge.AnswerResponse] = session.Reveal(),
            },
            cancellationToken).ConfigureAwait(false);
        if (!answered.Succeeded)
        {
            return Refuse("AdminRespondToAuthChallenge", answered.Error);
        }

        return answered.Value.AuthenticationResult is { IdToken.Length: > 0, AccessToken.Length: > 0 } result
            ? TokenIssue.Issued(new IssuedTokens(result.IdToken, result.AccessToken, result.RefreshToken, result.ExpiresIn))
            : TokenIssue.Refused(NotAccepted);
    }

    private TokenIssue Refuse(string operation, CognitoError error)
    {
        LogRefused(operation, error.Type, error.Status);
        // Cognito's own refusal of the sign-in (the triggers said no, the user is disabled) is the grant's fault;
        // anything else is Cognito being unavailable. AWS's messages never reach the client.
        return TokenIssue.Refused(error.Type is "NotAuthorizedException" or "UserNotFoundException" or "UserNotConfirmedException"
            ? NotAccepted
            : Failure.DirectoryUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito {Operation} refused the exchange: {ErrorType} (HTTP {Status})")]
    private partial void LogRefused(string operation, string errorType, int status);
}
