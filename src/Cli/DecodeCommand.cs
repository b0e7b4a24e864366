using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SfCognitoSso.Cli;

/// <summary><c>sfsso decode [--jwks URL] &lt; token</c>: header, claims and expiry; with a JWKS, the signature too.</summary>
public sealed class DecodeCommand
{
    private readonly Option<Uri> jwks = new("--jwks")
    {
        Description = "Verify the signature against this JWKS URL (e.g. the pool's .well-known/jwks.json).",
        CustomParser = result =>
        {
            if (result.Tokens.Count == 1 && Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError("--jwks must be an http(s) URL.");
            return null;
        },
    };

    public DecodeCommand()
    {
        Command = new Command("decode", "Print a JWT from standard input: header, claims, expiry in local time.") { jwks };
    }

    public Command Command { get; }

    public async Task<int> RunAsync(ParseResult parsed, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(terminal);
        using var reader = new StreamReader(terminal.OpenInput());
        var jwt = (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
        JsonObject header;
        JsonObject claims;
        try
        {
            header = Jwt.Header(jwt);
            claims = Jwt.Claims(jwt);
        }
        catch (FormatException invalid)
        {
            await terminal.Errors.WriteLineAsync($"sfsso decode: {invalid.Message}").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        var indented = new JsonSerializerOptions { WriteIndented = true };
        await terminal.Out.WriteLineAsync($"Header: {header.ToJsonString(indented)}").ConfigureAwait(false);
        await terminal.Out.WriteLineAsync($"Claims: {claims.ToJsonString(indented)}").ConfigureAwait(false);
        var expiry = Jwt.Expiry(claims);
        if (expiry.Length > 0)
        {
            await terminal.Out.WriteLineAsync($"Expires{expiry}").ConfigureAwait(false);
        }

        if (parsed.GetValue(jwks) is not { } jwksUrl)
        {
            return Sfsso.Done;
        }

        string document;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            document = await http.GetStringAsync(jwksUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await terminal.Errors.WriteLineAsync($"sfsso decode: the JWKS at {jwksUrl} could not be read ({exception.GetType().Name}).").ConfigureAwait(false);
            return Sfsso.Unavailable;
        }

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(document).GetSigningKeys(),
            ValidateIssuer = false, // shown above; which issuer to trust is the reader's call
            ValidateAudience = false,
            ValidateLifetime = false, // the expiry is shown above
        }).ConfigureAwait(false);
        if (validation.IsValid)
        {
            await terminal.Out.WriteLineAsync($"Signature: valid (key {header["kid"]?.GetValue<string>()} of {jwksUrl})").ConfigureAwait(false);
            return Sfsso.Done;
        }

        await terminal.Out.WriteLineAsync($"Signature: INVALID ({validation.Exception?.GetType().Name})").ConfigureAwait(false);
        return Sfsso.Refused;
    }
}
