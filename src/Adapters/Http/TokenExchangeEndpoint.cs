using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>POST /oauth2/token</c>, RFC 8693 token exchange: a form with the session as <c>subject_token</c> in, Cognito's
/// tokens out, in one call. Only HTTP is translated here: the flow is Core's <see cref="ExchangeSession"/> (the
/// validator's checks and find-or-create, then the directory's own sign-in with the session as the answer). The same edge (limits, body size, secret body) as
/// the validator endpoint. Errors are RFC 6749 §5.2 JSON and never echo the session.
/// </summary>
public sealed partial class TokenExchangeEndpoint(
    ISender mediator,
    SessionRequestEdge edge,
    ValidatorCors cors,
    ValidatorTelemetry telemetry,
    ILogger<TokenExchangeEndpoint> logger,
    ITokenIssuer? issuer = null)
{
    /// <summary>On when a directory can issue tokens (<c>Exchange__ClientId</c> with the Cognito directory).</summary>
    public bool Enabled => issuer is not null;

    // Every host answers the same while the exchange is off: the route exists, and says why it refuses.
    private static JsonBody Off() => Error(404, TokenExchange.UnsupportedGrantType, "Token exchange is off here (Exchange__ClientId is not set).");

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>OPTIONS</c> on the route: the CORS preflight while the exchange is on; the same 404 as a POST while it is off.</summary>
    public IResult Preflight(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return issuer is null ? Off() : cors.Preflight(context);
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (issuer is null)
        {
            return Off();
        }

        context.Response.Headers.CacheControl = "no-store";
        using var admitted = await edge.AdmitAsync(context, SessionBodyEncoding.Form, ParseForm).ConfigureAwait(false);
        if (admitted.Refusal is { } stopped)
        {
            return Refused(stopped);
        }

        var form = admitted.Body!;
        if (Single(form, "grant_type") != TokenExchange.GrantType)
        {
            return Invalid($"grant_type must be {TokenExchange.GrantType}.", TokenExchange.UnsupportedGrantType);
        }

        if (Single(form, "subject_token") is not { Length: > 0 } subjectToken)
        {
            return Invalid("subject_token (the Salesforce session) is required.");
        }

        if (SignInInputs.FromSubjectToken(Single(form, "subject_token_type"), subjectToken) is not { } input)
        {
            return Invalid($"subject_token_type must be one of {SignInInputs.SubjectTokenTypes}.");
        }

        var requested = Single(form, "requested_token_type") ?? TokenExchange.AccessTokenType;
        if (requested is not (TokenExchange.AccessTokenType or TokenExchange.IdTokenType or TokenExchange.RefreshTokenType))
        {
            return Invalid("requested_token_type must be the access, ID or refresh token type.");
        }

        // RFC 8693 §2.1: no delegation, and only tokens for the one app client this exchange signs users in with.
        if (form.ContainsKey("actor_token") || form.ContainsKey("actor_token_type"))
        {
            return Invalid("actor_token is not supported: this exchange does not delegate.");
        }

        foreach (var target in new[] { "audience", "resource" })
        {
            if (form.TryGetValue(target, out var values) && values.Any(value => !string.Equals(value, issuer.Audience, StringComparison.Ordinal)))
            {
                return Invalid($"{target} must be this exchange's app client ID, or absent.", TokenExchange.InvalidTarget);
            }
        }

        // RFC 6749 §3.3: a scope, when sent, is one parameter of one or more tokens; an empty or repeated one is not "no scope".
        var scopes = (Single(form, "scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if ((form.ContainsKey("scope") && scopes.Length == 0) || scopes.Any(requested => requested != TokenExchange.OpenIdScope))
        {
            return Invalid($"The only scope is {TokenExchange.OpenIdScope} (adds the ID token).", TokenExchange.InvalidScope);
        }

        var exchanged = await mediator.Send(new ExchangeSession(input), context.RequestAborted).ConfigureAwait(false);
        if (!exchanged.Succeeded)
        {
            return Refused(exchanged.Refusal);
        }

        Count("ok");
        LogExchanged(requested);
        return Tokens(exchanged.Tokens, requested, withIdToken: scopes.Length > 0);
    }

    private static Dictionary<string, StringValues> ParseForm(ReadOnlySpan<byte> body) => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));

    private static string? Single(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>A malformed exchange: <c>invalid_request</c>, or the RFC's more precise error for the field.</summary>
    private JsonBody Invalid(string detail, string? oauthError = null) => Refused(Refusal.InvalidRequest(detail), oauthError);

    private void Count(string code) => telemetry.Count(ValidatorRoutes.TokenExchange, code);

    private JsonBody Refused(Refusal refusal, string? oauthError = null)
    {
        var entry = RefusalCodes.For(refusal.Reason);
        LogRefused(oauthError ?? entry.OAuthError, refusal.Reason);
        Count(entry.Code);
        return Error(entry.OAuthStatus, oauthError ?? entry.OAuthError, refusal.Message);
    }

    /// <summary>RFC 8693 §2.2.1: the requested token only, as <c>access_token</c>, with its type; the ID token beside it
    /// only when <c>scope=openid</c> asked for it. A refresh token leaves only when it is the requested one.</summary>
    private static JsonBody Tokens(IssuedTokens tokens, string requested, bool withIdToken) => new(200, json =>
    {
        var (primary, tokenType) = requested switch
        {
            TokenExchange.IdTokenType => (tokens.IdToken, "N_A"),
            TokenExchange.RefreshTokenType => (tokens.RefreshToken ?? string.Empty, "N_A"),
            _ => (tokens.AccessToken, "Bearer"),
        };
        json.WriteString("access_token", primary);
        json.WriteString("issued_token_type", requested);
        json.WriteString("token_type", tokenType);
        json.WriteNumber("expires_in", tokens.ExpiresIn);
        if (withIdToken && requested != TokenExchange.IdTokenType)
        {
            json.WriteString("id_token", tokens.IdToken);
        }
    });

    private static JsonBody Error(int status, string error, string description) => new(status, json =>
    {
        json.WriteString("error", error);
        json.WriteString("error_description", description);
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Token exchange issued {RequestedTokenType}")]
    private partial void LogExchanged(string requestedTokenType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token exchange refused: {Error} ({Reason})")]
    private partial void LogRefused(string error, RefusalReason reason);

    /// <summary>A small JSON object written straight to the response (no reflection, trimming-safe).</summary>
    private sealed class JsonBody(int status, Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            using var buffer = new MemoryStream();
            await using (var json = new Utf8JsonWriter(buffer, Relaxed))
            {
                json.WriteStartObject();
                write(json);
                json.WriteEndObject();
            }

            await httpContext.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
