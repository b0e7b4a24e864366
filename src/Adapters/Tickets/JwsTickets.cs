using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Tickets;

/// <summary>
/// Tickets as compact JWS (ES256, header <c>typ</c> <see cref="TokenType"/>) with the claims <c>sh</c> (the session's
/// SHA-256, base64url), <c>username</c>, <c>org_id</c> and <c>user_id</c> (18 characters), <c>pool</c> (the user
/// pool) and <c>aud</c> (the app clients, <c>Ticket__ClientIds__N</c>), <c>iat</c> and <c>exp</c> (at most 60 s
/// later), <c>pat</c> (when the proof it vouches for was made: never after <c>iat</c>), the key's <c>kid</c> (its RFC
/// 7638 thumbprint) in the header. Expiry is checked on <see cref="TimeProvider"/>; a ticket whose proof was made at or
/// before the user's sign-out mark (with <see cref="SignOutMark.ClockSkew"/>) is no proof, however new the ticket.
/// </summary>
public sealed partial class JwsTickets : ITicketSigner, ITicketVerifier
{
    /// <summary>A ticket only bridges the seconds between the validator's answer and Verify.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>The header's <c>typ</c>: what the token is, so no other JWT signed with the same key passes as one.</summary>
    public const string TokenType = "sfsso-ticket+jwt";

    private static readonly Counter<long> Tampering = new Meter("SfCognitoSso.Tickets").CreateCounter<long>("sfcognitosso.tickets.tampered", description: "Tickets whose signature did not hold");

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials? signing;
    private readonly TokenValidationParameters validation;
    private readonly TimeProvider time;
    private readonly ILogger<JwsTickets> logger;
    private readonly string? userPoolId;
    private readonly string[] clientIds;

    public JwsTickets(TicketKeys keys, IOptions<TicketKeyOptions> options, TimeProvider time, ILogger<JwsTickets> logger)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        this.logger = logger;
        userPoolId = string.IsNullOrEmpty(options.Value.UserPoolId) ? null : options.Value.UserPoolId;
        clientIds = [.. options.Value.ClientIds.Where(clientId => !string.IsNullOrEmpty(clientId))];
        if (keys.Signer is { } signer)
        {
            signing = new SigningCredentials(Key(signer), SecurityAlgorithms.EcdsaSha256);
        }

        validation = new TokenValidationParameters
        {
            IssuerSigningKeys = [.. keys.Verifiers.Select(Key)],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [TokenType],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false, // on the TimeProvider below
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
        };
    }

    public string? Sign(TicketClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (signing is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var payload = new Dictionary<string, object>
        {
            ["sh"] = claims.SessionHash,
            ["username"] = claims.Username,
            ["org_id"] = claims.OrgId.Value,
            ["user_id"] = claims.UserId.Value,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["pat"] = Math.Min(claims.ProvenAt.ToUnixTimeSeconds(), now.ToUnixTimeSeconds()),
        };
        if (userPoolId is not null)
        {
            payload["pool"] = userPoolId;
        }

        if (clientIds.Length > 0)
        {
            payload["aud"] = clientIds;
        }

        return handler.CreateToken(new SecurityTokenDescriptor { SigningCredentials = signing, TokenType = TokenType, Claims = payload });
    }

    public async ValueTask<TicketVerdict> CheckAsync(string? ticket, SalesforceSession answer, DirectoryUser user, TicketAudience audience)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(audience);
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 4096 || validation.IssuerSigningKeys is not { } keys || !keys.Any())
        {
            return TicketVerdict.Unusable;
        }

        var result = await handler.ValidateTokenAsync(ticket, validation).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // A known key whose signature fails is an altered ticket; an unknown key or a malformed one is no proof.
            if (result.Exception is SecurityTokenInvalidSignatureException and not SecurityTokenSignatureKeyNotFoundException)
            {
                Tampering.Add(1);
                LogTampered();
                return TicketVerdict.Tampered;
            }

            return TicketVerdict.Unusable;
        }

        var token = (JsonWebToken)result.SecurityToken;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var issuedAt = token.TryGetPayloadValue<long>("iat", out var iat) ? iat : long.MaxValue;
        var expires = token.TryGetPayloadValue<long>("exp", out var exp) ? exp : 0;
        // No proof time, no proof: a ticket vouches for when its proof was made, which is never after it was minted.
        var provenAt = token.TryGetPayloadValue<long>("pat", out var pat) && pat <= issuedAt ? pat : long.MinValue;
        var fresh = expires > now && issuedAt <= now + 5 && expires - issuedAt <= (long)Lifetime.TotalSeconds && provenAt >= 0
            && !SignOutMark.Outlives(DateTimeOffset.FromUnixTimeSeconds(provenAt), user.SignedOutAt); // 0 ≤ provenAt ≤ issuedAt ≤ now + 5 here
        return fresh
            && audience is { UserPoolId: { } pool, ClientId: { } clientId }
            && Same(token, "pool", pool)
            && token.Audiences.Contains(clientId, StringComparer.Ordinal)
            && Same(token, "sh", TicketClaims.HashOf(answer))
            && Same(token, "username", user.Username)
            && user.SalesforceOrgId is { } orgId && Same(token, "org_id", orgId.Value)
            && user.SalesforceUserId is { } userId && Same(token, "user_id", userId.Value)
                ? TicketVerdict.Accepted
                : TicketVerdict.Unusable;
    }

    private static bool Same(JsonWebToken token, string claim, string expected) =>
        token.TryGetPayloadValue<string>(claim, out var value) && value is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(expected));

    /// <summary>The key with its RFC 7638 thumbprint as <c>kid</c>, so the verifier picks the right one of two.</summary>
    private static ECDsaSecurityKey Key(ECDsa key)
    {
        var securityKey = new ECDsaSecurityKey(key);
        securityKey.KeyId = Base64UrlEncoder.Encode(securityKey.ComputeJwkThumbprint());
        return securityKey;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A ticket's signature did not hold (tampering); the answer is checked with Salesforce instead")]
    private partial void LogTampered();
}
