using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SfCognitoSso.Client;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Cli;

/// <summary><c>sfsso login</c>: the session from <c>SFSSO_SESSION</c> or standard input, never an argument.</summary>
public sealed class LoginCommand
{
    private readonly Option<bool> local = new("--local") { Description = "Sign in to the local stack (dotnet run --project src/Hosts/Local): its validator, Cognito, pool and app client, each overridable." };
    private readonly Option<Uri> validator = new("--validator") { Description = "The validator's URL (required unless --local).", CustomParser = ParseUrl };
    private readonly Option<Uri> cognito = new("--cognito") { Description = "Cognito's endpoint (default: the pool region's public endpoint; 'aws' says so explicitly).", CustomParser = ParseUrl };
    private readonly Option<string> poolId = new("--pool-id") { Description = "The user pool ID (required unless --local)." };
    private readonly Option<string> clientId = new("--client-id") { Description = "The app client ID (required unless --local)." };
    private readonly Option<bool> canvas = new("--canvas") { Description = "Sign in with a Salesforce Canvas signed request (read from standard input, or SFSSO_SIGNED_REQUEST) instead of a session." };
    private readonly Option<bool> json = new("--json") { Description = "Print {\"username\",\"expiresIn\",\"idToken\":{\"claims\"},\"accessToken\":{\"claims\"}}." };
    private readonly Option<bool> refresh = new("--refresh") { Description = $"Refresh instead of signing in: new tokens for the refresh token in {RefreshTokenVariable} or standard input (GetTokensFromRefreshToken; an app client that rotates refresh tokens hands out a new one, shown with --raw)." };
    private readonly Option<bool> raw = new("--raw") { Description = "Also print the raw tokens (they are credentials: keep them out of logs)." };

    public LoginCommand()
    {
        Command = new Command("login", $"Sign in with a Salesforce session ID or JWT access token read from {Sfsso.SessionVariable} or standard input.")
        {
            local, validator, cognito, poolId, clientId, canvas, refresh, json, raw,
        };
    }

    public Command Command { get; }

    public async Task<int> RunAsync(ParseResult parsed, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(terminal);
        var givenValidator = parsed.GetValue(validator);
        var givenCognito = parsed.GetValue(cognito);
        // The local stack only when told: --local, or a validator and a Cognito both on this machine (which can only
        // be the local stack). Anything else names its pool and client and uses the pool region's Cognito.
        var toLocalStack = parsed.GetValue(local) || (LoopbackHosts.IsLoopback(givenValidator) && LoopbackHosts.IsLoopback(givenCognito));
        var options = toLocalStack ? SfCognitoSsoClientOptions.LocalStack() : new SfCognitoSsoClientOptions { CognitoEndpoint = null };
        options.ValidatorUrl = givenValidator ?? options.ValidatorUrl;
        options.CognitoEndpoint = givenCognito is { } endpoint ? (endpoint.Scheme == "aws" ? null : endpoint) : options.CognitoEndpoint;
        options.UserPoolId = parsed.GetValue(poolId) ?? options.UserPoolId;
        options.ClientId = parsed.GetValue(clientId) ?? options.ClientId;
        if (!toLocalStack && (givenValidator is null || options.UserPoolId.Length == 0 || options.ClientId.Length == 0))
        {
            await terminal.Errors.WriteLineAsync("sfsso login: say where to sign in: --validator, --pool-id and --client-id (Cognito defaults to the pool region's), or --local for the local stack.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        SfCognitoSsoClient client;
        try
        {
            client = new SfCognitoSsoClient(http, options);
        }
        catch (ArgumentException invalid)
        {
            await terminal.Errors.WriteLineAsync($"sfsso login: {invalid.Message}").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        SignInResult result;
        string? refreshed = null;
        if (parsed.GetValue(refresh) && parsed.GetValue(canvas))
        {
            await terminal.Errors.WriteLineAsync("sfsso login: --refresh and --canvas go separately: a refresh needs only the refresh token.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (parsed.GetValue(refresh))
        {
            refreshed = await ReadSecretAsync(terminal, RefreshTokenVariable, "Refresh token (not shown): ").ConfigureAwait(false);
            if (refreshed is null)
            {
                await terminal.Errors.WriteLineAsync($"sfsso login --refresh: no refresh token: set {RefreshTokenVariable} or pipe it on standard input.").ConfigureAwait(false);
                return Sfsso.UsageError;
            }

            result = await client.RefreshAsync(refreshed, cancellationToken).ConfigureAwait(false);
        }
        else if (parsed.GetValue(canvas))
        {
            var signedRequest = await ReadSecretAsync(terminal, SignedRequestVariable, "Canvas signed request (not shown): ").ConfigureAwait(false);
            if (signedRequest is null)
            {
                await terminal.Errors.WriteLineAsync($"sfsso login --canvas: no signed request: set {SignedRequestVariable} or pipe it on standard input.").ConfigureAwait(false);
                return Sfsso.UsageError;
            }

            result = await client.SignInWithCanvasAsync(new CanvasSignedRequest(signedRequest), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var session = await ReadSecretAsync(terminal, Sfsso.SessionVariable, "Salesforce session ID or access token (not shown): ").ConfigureAwait(false);
            if (session is null)
            {
                await terminal.Errors.WriteLineAsync($"sfsso login: no session: set {Sfsso.SessionVariable} or pipe it on standard input.").ConfigureAwait(false);
                return Sfsso.UsageError;
            }

            // An org with JWT-based access tokens hands the app a JWT instead of a session ID; either is read the same way.
            result = Challenge.IsJwtAccessToken(session)
                ? await client.SignInWithAccessTokenAsync(new SalesforceSession(session), cancellationToken).ConfigureAwait(false)
                : await client.SignInAsync(new SalesforceSession(session), cancellationToken).ConfigureAwait(false);
        }

        if (!result.Succeeded)
        {
            var failure = result.Failure;
            await terminal.Errors.WriteLineAsync($"sfsso login: {(failure.Kind == SignInFailureKind.Refused ? "refused" : "unavailable")}: {failure.Code}: {failure.Message}").ConfigureAwait(false);
            return failure.Kind == SignInFailureKind.Refused ? Sfsso.Refused : Sfsso.Unavailable;
        }

        var showRaw = parsed.GetValue(raw);
        // A rotating app client replaced the refresh token: the one given stops working after its grace period.
        var rotated = refreshed is not null && result.Tokens!.RefreshToken != refreshed;
        if (parsed.GetValue(json))
        {
            var answer = Json(result, showRaw);
            if (refreshed is not null)
            {
                answer["refreshTokenRotated"] = rotated;
            }

            await terminal.Out.WriteLineAsync(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            await WriteReadableAsync(terminal.Out, result, showRaw).ConfigureAwait(false);
            if (rotated)
            {
                await terminal.Out.WriteLineAsync(showRaw
                    ? "The refresh token was rotated: use the new one above; the old one stops working after the app client's grace period."
                    : "The refresh token was rotated: the old one stops working after the app client's grace period (--raw shows the new one).").ConfigureAwait(false);
            }
        }

        return Sfsso.Done;
    }

    public const string SignedRequestVariable = "SFSSO_SIGNED_REQUEST";

    public const string RefreshTokenVariable = "SFSSO_REFRESH_TOKEN";

    /// <summary>A secret from its variable, else a hidden prompt at a terminal, else the first line of standard input.</summary>
    private static async Task<string?> ReadSecretAsync(Terminal terminal, string variable, string prompt)
    {
        var text = terminal.Variable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (terminal.InputIsTerminal)
            {
                await terminal.Errors.WriteAsync(prompt).ConfigureAwait(false);
                text = terminal.ReadSecret();
            }
            else
            {
                using var reader = new StreamReader(terminal.OpenInput());
                text = await reader.ReadLineAsync().ConfigureAwait(false);
            }
        }

        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static JsonObject Json(SignInResult result, bool showRaw)
    {
        var tokens = result.Tokens!;
        var answer = new JsonObject
        {
            ["username"] = UsernameOf(result),
            ["expiresIn"] = tokens.ExpiresIn,
            ["idToken"] = Token(tokens.IdToken, showRaw),
            ["accessToken"] = Token(tokens.AccessToken, showRaw),
        };
        if (showRaw && tokens.RefreshToken is not null)
        {
            answer["refreshToken"] = tokens.RefreshToken;
        }

        return answer;
    }

    /// <summary>The validator names the user at sign-in; a refresh has only the ID token's word for it.</summary>
    private static string? UsernameOf(SignInResult result) =>
        result.Username ?? Jwt.Claims(result.Tokens!.IdToken)["cognito:username"]?.GetValue<string>();

    private static JsonObject Token(string jwt, bool showRaw)
    {
        var token = new JsonObject { ["claims"] = Jwt.Claims(jwt) };
        if (showRaw)
        {
            token["token"] = jwt;
        }

        return token;
    }

    private static async Task WriteReadableAsync(TextWriter output, SignInResult result, bool showRaw)
    {
        var tokens = result.Tokens!;
        var idClaims = Jwt.Claims(tokens.IdToken);
        await output.WriteLineAsync(result.Username is { } username ? $"Signed in as {username}" : $"Refreshed for {UsernameOf(result)}").ConfigureAwait(false);
        await output.WriteLineAsync($"Tokens expire in {tokens.ExpiresIn} s{Jwt.Expiry(idClaims)}").ConfigureAwait(false);
        foreach (var (title, claims) in new[] { ("ID token", idClaims), ("Access token", Jwt.Claims(tokens.AccessToken)) })
        {
            await output.WriteLineAsync($"{title} claims:").ConfigureAwait(false);
            foreach (var (name, value) in claims)
            {
                await output.WriteLineAsync($"  {name,-20} {value?.ToJsonString().Trim('"')}").ConfigureAwait(false);
            }
        }

        if (showRaw)
        {
            await output.WriteLineAsync($"ID token:      {tokens.IdToken}").ConfigureAwait(false);
            await output.WriteLineAsync($"Access token:  {tokens.AccessToken}").ConfigureAwait(false);
            await output.WriteLineAsync($"Refresh token: {tokens.RefreshToken}").ConfigureAwait(false);
        }
    }

    private static Uri? ParseUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (text == "aws")
        {
            return new Uri("aws:public");
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError("A URL option must be an http(s) URL ('aws' for --cognito: Cognito's public endpoint).");
        return null;
    }
}
