using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>What a refresh token stands for. <see cref="OriginJti"/> and <see cref="AuthTime"/> stay fixed across
/// refreshes, as in Cognito.</summary>
public sealed record RefreshGrant(string Username, string ClientId, string OriginJti, long AuthTime, DateTimeOffset ExpiresAt);

/// <summary>An access token the pool issued and still honours.</summary>
public sealed record AccessTokenHolder(string Username, string ClientId, string OriginJti);

/// <summary>
/// Issues ID, access and refresh tokens with the claims Cognito puts in them, and checks them when they come back.
/// Revocation works by origin: RevokeToken and GlobalSignOut revoke a refresh token's <c>origin_jti</c>, which every
/// access token issued from it carries.
/// </summary>
public sealed class Tokens(SigningKey key, TimeProvider time, IOptions<LocalCognitoOptions> options)
{
    public const string AccessScope = "aws.cognito.signin.user.admin";

    private readonly int tokenLifetimeSeconds = options.Value.AccessTokenMinutes * 60;
    private readonly TimeSpan refreshLifetime = TimeSpan.FromHours(options.Value.RefreshTokenHours);
    private readonly TimeSpan retryGrace = TimeSpan.FromSeconds(options.Value.RefreshTokenRetryGraceSeconds);

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ConcurrentDictionary<string, RefreshGrant> refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> revokedOrigins = new(StringComparer.Ordinal);

    // A rotated-out refresh token → until when it is still honoured (the client's retry grace period).
    private readonly ConcurrentDictionary<string, DateTimeOffset> replacedUntil = new(StringComparer.Ordinal);
    private readonly string issuer = options.Value.Issuer;

    /// <summary>A first sign-in: new origin, new refresh token.</summary>
    public JsonObject SignIn(PoolUser user, string clientId, ExtraClaims claims)
    {
        ArgumentNullException.ThrowIfNull(user);
        var grant = new RefreshGrant(
            user.Username, clientId, Guid.NewGuid().ToString(), time.GetUtcNow().ToUnixTimeSeconds(), time.GetUtcNow() + refreshLifetime);
        var result = Issue(user, grant, claims);
        result["RefreshToken"] = NewRefreshToken(grant);
        return result;
    }

    /// <summary>Fresh ID and access tokens for a checked refresh grant; no new refresh token (rotation is off, the
    /// default).</summary>
    public JsonObject Refresh(PoolUser user, RefreshGrant grant, ExtraClaims claims) => Issue(user, grant, claims);

    /// <summary>Rotation: fresh tokens and a new refresh token for the same grant, which keeps the sign-in's expiry
    /// (rotating never extends a session). The replaced token stays usable for the grace period, from its first
    /// replacement (a retry does not extend it), then is refused as reused.</summary>
    public JsonObject Rotate(PoolUser user, string replaced, RefreshGrant grant, ExtraClaims claims)
    {
        replacedUntil.TryAdd(replaced, time.GetUtcNow() + retryGrace);
        var result = Issue(user, grant, claims);
        result["RefreshToken"] = NewRefreshToken(grant);
        return result;
    }

    private string NewRefreshToken(RefreshGrant grant)
    {
        var refreshToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(96));
        refreshTokens[refreshToken] = grant;
        return refreshToken;
    }

    /// <summary>RevokeToken: the refresh token and every access token issued from it. An unknown token is not an
    /// error (RFC 7009 answers success; what Cognito does for one is unverified).</summary>
    public void Revoke(string refreshToken, string clientId)
    {
        if (refreshTokens.TryGetValue(refreshToken, out var grant))
        {
            if (grant.ClientId != clientId)
            {
                throw UserPoolException.NotAuthorized("Invalid Refresh Token");
            }

            revokedOrigins[grant.OriginJti] = true;
        }
    }

    /// <summary>GlobalSignOut: every refresh token of the user, and so every access token issued from them.</summary>
    public void RevokeAll(string username)
    {
        foreach (var grant in refreshTokens.Values.Where(grant => grant.Username == username))
        {
            revokedOrigins[grant.OriginJti] = true;
        }
    }

    /// <summary>Checks an access token as GetUser and GlobalSignOut do: our signature and issuer, an access token,
    /// not revoked, not expired.</summary>
    public async Task<AccessTokenHolder> ReadAccessTokenAsync(string accessToken)
    {
        var validation = await handler.ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false,
            ValidateLifetime = false, // checked below against the pool's clock
            IssuerSigningKey = key.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        }).ConfigureAwait(false);
        if (!validation.IsValid
            || validation.SecurityToken is not JsonWebToken token
            || !token.TryGetPayloadValue<string>("token_use", out var use) || use != "access"
            || !token.TryGetPayloadValue<string>("username", out var username)
            || !token.TryGetPayloadValue<string>("client_id", out var clientId)
            || !token.TryGetPayloadValue<string>("origin_jti", out var origin)
            || !token.TryGetPayloadValue<long>("exp", out var expires))
        {
            throw UserPoolException.NotAuthorized("Invalid Access Token");
        }

        if (revokedOrigins.ContainsKey(origin))
        {
            throw UserPoolException.NotAuthorized("Access Token has been revoked");
        }

        return expires > time.GetUtcNow().ToUnixTimeSeconds()
            ? new AccessTokenHolder(username, clientId, origin)
            : throw UserPoolException.NotAuthorized("Access Token has expired");
    }

    /// <summary>The grant behind a refresh token, if it is ours, for this client, unrevoked and unexpired.</summary>
    public RefreshGrant Grant(string refreshToken, string clientId)
    {
        if (!refreshTokens.TryGetValue(refreshToken, out var grant) || grant.ClientId != clientId)
        {
            throw UserPoolException.NotAuthorized("Invalid Refresh Token");
        }

        if (revokedOrigins.ContainsKey(grant.OriginJti))
        {
            throw UserPoolException.NotAuthorized("Refresh Token has been revoked");
        }

        if (replacedUntil.TryGetValue(refreshToken, out var until) && time.GetUtcNow() >= until)
        {
            // The exception Cognito documents for this; its message is unverified.
            throw new UserPoolException("RefreshTokenReuseException", "Refresh token has been used already.");
        }

        return grant.ExpiresAt > time.GetUtcNow() ? grant : throw UserPoolException.NotAuthorized("Refresh Token has expired");
    }

    private JsonObject Issue(PoolUser user, RefreshGrant grant, ExtraClaims claims)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var eventId = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["AccessToken"] = Sign(With(AccessClaims(user, grant, eventId, now), claims.AccessToken)),
            ["ExpiresIn"] = tokenLifetimeSeconds,
            ["TokenType"] = "Bearer",
            ["IdToken"] = Sign(With(IdClaims(user, grant, eventId, now), claims.IdToken)),
        };
    }

    private static JsonObject With(JsonObject claims, IReadOnlyDictionary<string, string> extra)
    {
        foreach (var (name, value) in extra)
        {
            claims[name] = value;
        }

        return claims;
    }

    /// <summary>The ID token's claims in the order of Cognito's documented sample; <c>*_verified</c> as booleans,
    /// every other attribute (custom ones included) as a string.</summary>
    private JsonObject IdClaims(PoolUser user, RefreshGrant grant, string eventId, long now)
    {
        var claims = new JsonObject { ["sub"] = user.Sub };
        if (user.Attributes.TryGetValue(UserAttributes.EmailVerified, out var emailVerified))
        {
            claims[UserAttributes.EmailVerified] = string.Equals(emailVerified, "true", StringComparison.OrdinalIgnoreCase);
        }

        claims["iss"] = issuer;
        claims["cognito:username"] = user.Username;
        claims["origin_jti"] = grant.OriginJti;
        claims["aud"] = grant.ClientId;
        claims["event_id"] = eventId;
        claims["token_use"] = "id";
        claims["auth_time"] = grant.AuthTime;
        claims["exp"] = now + tokenLifetimeSeconds;
        claims["iat"] = now;
        claims["jti"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in user.Attributes.Where(attribute => attribute.Key is not ("sub" or UserAttributes.EmailVerified)))
        {
            claims[name] = name == "phone_number_verified" ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : value;
        }

        return claims;
    }

    private JsonObject AccessClaims(PoolUser user, RefreshGrant grant, string eventId, long now) => new()
    {
        ["sub"] = user.Sub,
        ["iss"] = issuer,
        ["client_id"] = grant.ClientId,
        ["origin_jti"] = grant.OriginJti,
        ["event_id"] = eventId,
        ["token_use"] = "access",
        ["scope"] = AccessScope,
        ["auth_time"] = grant.AuthTime,
        ["exp"] = now + tokenLifetimeSeconds,
        ["iat"] = now,
        ["jti"] = Guid.NewGuid().ToString(),
        ["username"] = user.Username,
    };

    private string Sign(JsonObject claims) => handler.CreateToken(claims.ToJsonString(), key.Credentials);
}
