using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Client;

/// <summary>
/// The two-step sign-in every app would otherwise write: the validator proves the Salesforce session and returns the
/// Cognito username, then Cognito's CUSTOM_AUTH (InitiateAuth, RespondToAuthChallenge with the session as the
/// answer) issues the tokens. Cognito's calls here are its public, unsigned ones. Never throws for a refusal or an
/// unreachable service (see <see cref="SignInResult"/>); only for cancellation by the caller.
/// </summary>
public sealed partial class SfCognitoSsoClient
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> the client is registered with.</summary>
    public const string HttpClientName = "SfCognitoSso.Client";

    private const string TargetPrefix = Contracts.CognitoWire.TargetPrefix;
    private static readonly MediaTypeHeaderValue AmzJson = new(Contracts.CognitoWire.JsonContentType);

    private readonly HttpClient http;
    private readonly SfCognitoSsoClientOptions options;
    private readonly ILogger logger;
    private readonly Uri validateUrl;

    // Process-wide: the client is registered transient (a typed HttpClient), so two callers rarely share an instance.
    private static readonly Dictionary<string, Task<SignInResult>> RefreshesInFlight = new(StringComparer.Ordinal);

    /// <summary>A client for one validator and one Cognito app client.</summary>
    /// <param name="http">Used for both services; its own Timeout should be longer than <see cref="SfCognitoSsoClientOptions.Timeout"/>.</param>
    /// <param name="options">The validator, the pool and the app client; checked here.</param>
    /// <param name="logger">Where outcomes are logged (never a session or a token); none when null.</param>
    public SfCognitoSsoClient(HttpClient http, SfCognitoSsoClientOptions options, ILogger<SfCognitoSsoClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.http = http;
        this.options = options;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        validateUrl = new Uri(options.ValidatorUrl!, ValidatorRoutes.ValidateSession);
    }

    /// <summary>Validator, InitiateAuth (CUSTOM_AUTH), RespondToAuthChallenge: the user's Cognito tokens.</summary>
    public Task<SignInResult> SignInAsync(SalesforceSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return SignInAsync(new ValidateSessionBody { SessionId = session.Reveal() }, session, cancellationToken);
    }

    /// <summary>From a Salesforce Canvas app: the validator checks the signed request with the org's consumer secret
    /// and proves the OAuth token it carries, which then answers Cognito's challenge. Same result as <see cref="SignInAsync(SalesforceSession, CancellationToken)"/>.</summary>
    public Task<SignInResult> SignInWithCanvasAsync(CanvasSignedRequest signedRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signedRequest);
        return signedRequest.Token() is { } token
            ? SignInAsync(new ValidateSessionBody { SignedRequest = signedRequest.Reveal() }, token, cancellationToken)
            : Task.FromResult(Fail(new SignInFailure(ProblemCodes.InvalidRequest, "Not a Canvas signed request (<signature>.<base64 CanvasRequest>).", SignInFailureKind.Refused)));
    }

    /// <summary>From an org with JWT-based access tokens: the validator checks the token offline against the org's
    /// published keys (asking Salesforce only about a user it has not seen), and the token answers Cognito's challenge,
    /// which checks it offline too. Same result as <see cref="SignInAsync(SalesforceSession, CancellationToken)"/>.</summary>
    /// <param name="accessToken">The JWT-based access token the org gave the app (a secret, like a session).</param>
    /// <param name="cancellationToken">Ends the sign-in.</param>
    public Task<SignInResult> SignInWithAccessTokenAsync(SalesforceSession accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        return SignInAsync(new ValidateSessionBody { AccessToken = accessToken.Reveal() }, accessToken, cancellationToken);
    }

    private async Task<SignInResult> SignInAsync(ValidateSessionBody subject, SalesforceSession session, CancellationToken cancellationToken)
    {
        var validated = await ValidateAsync(subject, cancellationToken).ConfigureAwait(false);
        if (validated.Failure is { } refused)
        {
            return Fail(refused);
        }

        var username = validated.Username!;
        var started = await CognitoAsync(
            "InitiateAuth",
            new InitiateAuthRequest { AuthFlow = "CUSTOM_AUTH", ClientId = options.ClientId, AuthParameters = new() { [Challenge.UsernameParameter] = username } },
            ClientJsonContext.Default.InitiateAuthRequest,
            cancellationToken).ConfigureAwait(false);
        if (started.Failure is { } notStarted)
        {
            return Fail(notStarted);
        }

        if (started.Body?.ChallengeName != Challenge.CustomChallenge || started.Body.Session is not { Length: > 0 } cognitoSession)
        {
            return Fail(new SignInFailure(ClientErrorCodes.UnexpectedResponse, "Cognito did not answer with a custom challenge.", SignInFailureKind.Refused));
        }

        // Answer as the user Cognito names: it may differ from what was sent (an alias).
        var challengedAs = started.Body.ChallengeParameters?.GetValueOrDefault(Challenge.UsernameParameter) ?? username;
        var answered = await CognitoAsync(
            "RespondToAuthChallenge",
            new RespondToAuthChallengeRequest
            {
                ClientId = options.ClientId,
                ChallengeName = Challenge.CustomChallenge,
                Session = cognitoSession,
                ChallengeResponses = new() { [Challenge.UsernameParameter] = challengedAs, [Challenge.AnswerResponse] = session.Reveal() },
                // The validator's ticket: Verify checks it offline instead of asking Salesforce a second time.
                ClientMetadata = validated.Ticket is { } ticket ? new() { [ClientMetadataKeys.Ticket] = ticket } : null,
            },
            ClientJsonContext.Default.RespondToAuthChallengeRequest,
            cancellationToken).ConfigureAwait(false);
        if (answered.Failure is { } notAnswered)
        {
            return Fail(notAnswered);
        }

        if (answered.Body?.ChallengeName is not null)
        {
            // The validator accepted the session a moment ago; asking again means the triggers did not. Answering the
            // same session again would only use up the attempts.
            return Fail(new SignInFailure(ClientErrorCodes.AnswerNotAccepted, "Cognito did not accept the Salesforce session as the answer.", SignInFailureKind.Refused));
        }

        var result = TokensOf(answered.Body, refreshToken: null, username);
        if (result.Succeeded)
        {
            LogSignedIn(logger, username);
        }

        return result;
    }

    /// <summary>New ID and access tokens for a refresh token, with GetTokensFromRefreshToken: it works on every app
    /// client, and on one that rotates refresh tokens (where REFRESH_TOKEN_AUTH is refused) it also hands out a new
    /// refresh token, which <see cref="CognitoTokens.RefreshToken"/> then holds (else the one given). Concurrent calls
    /// for the same refresh token, app client and endpoint share one call to Cognito (in the process, whichever client
    /// instance makes them): a second refresh with a token just rotated out would
    /// be refused once its grace period is over.</summary>
    public Task<SignInResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var key = $"{options.ResolvedCognitoEndpoint}\n{options.ClientId}\n{refreshToken}";
        lock (RefreshesInFlight)
        {
            if (RefreshesInFlight.TryGetValue(key, out var inFlight))
            {
                return inFlight.WaitAsync(cancellationToken);
            }

            // Not the caller's token: a caller cancelling must not cancel the refresh others are waiting on.
            var refresh = RefreshOnceAsync(refreshToken);
            RefreshesInFlight[key] = refresh;
            _ = refresh.ContinueWith(
                _ =>
                {
                    lock (RefreshesInFlight)
                    {
                        RefreshesInFlight.Remove(key);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return refresh.WaitAsync(cancellationToken);
        }
    }

    private async Task<SignInResult> RefreshOnceAsync(string refreshToken)
    {
        var refreshed = await CognitoAsync(
            "GetTokensFromRefreshToken",
            new GetTokensFromRefreshTokenRequest { ClientId = options.ClientId, RefreshToken = refreshToken },
            ClientJsonContext.Default.GetTokensFromRefreshTokenRequest,
            CancellationToken.None).ConfigureAwait(false);
        return refreshed.Failure is { } failure ? Fail(failure) : TokensOf(refreshed.Body, refreshToken, username: null);
    }

    /// <summary>Revokes the refresh token and the access tokens issued from it (RevokeToken). Null means done.</summary>
    public async Task<SignInFailure?> SignOutAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var revoked = await CognitoAsync(
            "RevokeToken",
            new RevokeTokenRequest { ClientId = options.ClientId, Token = refreshToken },
            ClientJsonContext.Default.RevokeTokenRequest,
            cancellationToken).ConfigureAwait(false);
        return revoked.Failure;
    }

    private async Task<(string? Username, string? Ticket, SignInFailure? Failure)> ValidateAsync(ValidateSessionBody subject, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(subject, ValidatorJsonContext.Default.ValidateSessionBody));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, validateUrl) { Content = content };
        var (status, body, failure) = await SendAsync(request, ClientErrorCodes.ValidatorUnreachable, "the validator", cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return (null, null, failure);
        }

        if (status == 200)
        {
            var answer = TryRead(body, ValidatorJsonContext.Default.ValidateSessionResponse);
            return answer is { Username.Length: > 0 }
                ? (answer.Username, answer.Ticket, null)
                : (null, null, new SignInFailure(ClientErrorCodes.UnexpectedResponse, "The validator's answer has no username.", SignInFailureKind.Unavailable, status));
        }

        var problem = TryRead(body, ValidatorJsonContext.Default.ProblemResponse);
        var code = problem?.Code ?? ClientErrorCodes.UnexpectedResponse;
        var kind = status >= 500 || code is ProblemCodes.RateLimited or ProblemCodes.SalesforceUnavailable or ProblemCodes.DirectoryUnavailable
            ? SignInFailureKind.Unavailable
            : SignInFailureKind.Refused;
        return (null, null, new SignInFailure(code, problem?.Detail ?? problem?.Title ?? $"The validator answered HTTP {status}.", kind, status));
    }

    private async Task<(AuthResponse? Body, SignInFailure? Failure)> CognitoAsync<TRequest>(
        string operation, TRequest payload, JsonTypeInfo<TRequest> type, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, type));
        content.Headers.ContentType = AmzJson;
        using var request = new HttpRequestMessage(HttpMethod.Post, options.ResolvedCognitoEndpoint) { Content = content };
        request.Headers.TryAddWithoutValidation(Contracts.CognitoWire.TargetHeader, TargetPrefix + operation);
        var (status, body, failure) = await SendAsync(request, ClientErrorCodes.CognitoUnreachable, "Cognito", cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (status == 200)
        {
            return (TryRead(body, ClientJsonContext.Default.AuthResponse) ?? new AuthResponse(), null);
        }

        // Cognito's error name: "__type", possibly namespaced ("…#NotAuthorizedException").
        var error = TryRead(body, ClientJsonContext.Default.CognitoErrorBody);
        var name = error?.Type?.Split('#')[^1] ?? ClientErrorCodes.UnexpectedResponse;
        // A trigger that timed out or could not be invoked (UnexpectedLambdaException) is Cognito's side failing: retry.
        var kind = status >= 500 || name is "TooManyRequestsException" or "LimitExceededException" or "InternalErrorException" or "UnexpectedLambdaException"
            ? SignInFailureKind.Unavailable
            : SignInFailureKind.Refused;
        return (null, new SignInFailure(name, error?.Message ?? error?.MessageUpper ?? $"Cognito answered HTTP {status}.", kind, status));
    }

    /// <summary>One call within <see cref="SfCognitoSsoClientOptions.Timeout"/>; an unreachable or silent service
    /// is a failure value, the caller's cancellation an exception.</summary>
    private async Task<(int Status, byte[] Body, SignInFailure? Failure)> SendAsync(
        HttpRequestMessage request, string unreachableCode, string service, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, [], new SignInFailure(unreachableCode, $"{service} did not answer within {options.Timeout.TotalSeconds:0.#} s.", SignInFailureKind.Unavailable));
        }
        catch (HttpRequestException exception)
        {
            // The exception's own text can carry the URL only; the request body (the session) is never in it.
            return (0, [], new SignInFailure(unreachableCode, $"{service} is unreachable ({exception.HttpRequestError}).", SignInFailureKind.Unavailable));
        }
    }

    private SignInResult TokensOf(AuthResponse? body, string? refreshToken, string? username)
    {
        var result = body?.AuthenticationResult;
        return result is { IdToken.Length: > 0, AccessToken.Length: > 0 }
            ? SignInResult.Success(username, new CognitoTokens(result.IdToken, result.AccessToken, result.RefreshToken ?? refreshToken, result.ExpiresIn, result.TokenType ?? "Bearer"))
            : Fail(new SignInFailure(ClientErrorCodes.UnexpectedResponse, "Cognito's answer has no tokens.", SignInFailureKind.Refused));
    }

    private SignInResult Fail(SignInFailure failure)
    {
        LogFailed(logger, failure.Code, failure.Kind);
        return SignInResult.Failed(failure);
    }

    private static T? TryRead<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in to Cognito as {Username}")]
    private static partial void LogSignedIn(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in step failed: {Code} ({Kind})")]
    private static partial void LogFailed(ILogger logger, string code, SignInFailureKind kind);
}
