using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// Cognito's admin custom-auth flow, signed with the validator's credentials: AdminInitiateAuth (CUSTOM_AUTH), then
/// AdminRespondToAuthChallenge with the session as the answer, so the pool's own triggers still decide. A second
/// challenge means the triggers refused the answer: no second try (it would only use up the attempts).
/// </summary>
public sealed partial class CognitoTokenIssuer(CognitoApiClient cognito, IOptions<ExchangeOptions> options, ILogger<CognitoTokenIssuer> logger) : ITokenIssuer
{
    private static readonly Refusal NotAccepted = new(RefusalReason.InvalidSession, "Cognito did not accept the session.");

    private readonly string clientId = options.Value.ClientId ?? string.Empty;

    private readonly byte[]? clientSecret = string.IsNullOrEmpty(options.Value.ClientSecret) ? null : System.Text.Encoding.UTF8.GetBytes(options.Value.ClientSecret);

    private int secretReported;

    public string Audience => clientId;

    public async ValueTask<TokenIssue> IssueAsync(string username, SalesforceSession session, CancellationToken cancellationToken, string? ticket = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var started = await cognito.AdminInitiateAuthAsync(clientId, username, SecretHash(username), cancellationToken).ConfigureAwait(false);
        if (!started.Succeeded)
        {
            return Refuse("AdminInitiateAuth", started.Error);
        }

        if (started.Value is not { ChallengeName: Challenge.CustomChallenge, Session: { Length: > 0 } challengeSession })
        {
            return TokenIssue.Refused(NotAccepted);
        }

        var challengedUser = started.Value.ChallengeParameters?.GetValueOrDefault(Challenge.UsernameParameter) ?? username;
        var responses = new Dictionary<string, string>
        {
            [Challenge.UsernameParameter] = challengedUser,
            [Challenge.AnswerResponse] = session.Reveal(),
        };
        if (SecretHash(challengedUser) is { } hash)
        {
            responses[SecretHashParameter] = hash;
        }

        var answered = await cognito.AdminRespondToAuthChallengeAsync(
            clientId, challengeSession, responses, cancellationToken, ticket is null ? null : new() { [ClientMetadataKeys.Ticket] = ticket }).ConfigureAwait(false);
        if (!answered.Succeeded)
        {
            return Refuse("AdminRespondToAuthChallenge", answered.Error);
        }

        return answered.Value.AuthenticationResult is { IdToken.Length: > 0, AccessToken.Length: > 0 } result
            ? TokenIssue.Issued(new IssuedTokens(result.IdToken, result.AccessToken, result.RefreshToken, result.ExpiresIn))
            : TokenIssue.Refused(NotAccepted);
    }

    /// <summary>Cognito's <c>SECRET_HASH</c> for a confidential client: Base64(HMAC-SHA256(secret, username + client ID)),
    /// computed here so the secret never leaves the validator.</summary>
    public const string SecretHashParameter = "SECRET_HASH";

    private string? SecretHash(string username) => clientSecret is null
        ? null
        : Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(clientSecret, System.Text.Encoding.UTF8.GetBytes(username + clientId)));

    private TokenIssue Refuse(string operation, CognitoError error)
    {
        if (error.Kind == CognitoErrorKind.ClientSecretRefused)
        {
            // The deployment's fault, not the caller's: said once, loudly; the caller is told the directory is unavailable.
            if (Interlocked.Exchange(ref secretReported, 1) == 0)
            {
                LogClientSecretRefused(clientId);
            }

            return TokenIssue.Refused(Refusal.DirectoryUnavailable);
        }

        LogRefused(operation, error.Type, error.Status);
        // Cognito's own refusal of the sign-in (the triggers said no, the user is disabled) is the grant's fault;
        // anything else is Cognito being unavailable. AWS's messages never reach the client.
        return TokenIssue.Refused(error.Kind is CognitoErrorKind.SignInRefused or CognitoErrorKind.UserNotFound
            ? NotAccepted
            : Refusal.DirectoryUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cognito cannot verify the secret hash of app client {ClientId}: Exchange__ClientSecret is wrong, or missing for a confidential client; every token exchange fails until it is fixed")]
    private partial void LogClientSecretRefused(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito {Operation} refused the exchange: {ErrorType} (HTTP {Status})")]
    private partial void LogRefused(string operation, string errorType, int status);
}
