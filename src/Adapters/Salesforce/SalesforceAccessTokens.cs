using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Salesforce JWT-based access tokens checked offline, every check their format implies, in an order that spends no
/// outbound call on a token that cannot be good: the header says RS256, <c>tty</c> <c>sfdc-core-token</c> and an org in
/// <c>tnk</c> (agreeing with <c>kid</c>) that is trusted; the claims say <c>iss</c> and <c>aud</c> are that org's
/// configured instance, an app (<c>client_id</c>: the sign-in External Client App, or a connected app) the org allows,
/// a user (<c>sub</c> <c>uid:005…</c>), and times that hold (30 s of skew) for no longer than the org allows. Only then is the signature checked against the org's
/// published key (<see cref="OrgSigningKeys"/>), by Microsoft.IdentityModel.
/// </summary>
internal sealed partial class SalesforceAccessTokens(
    TrustedOrgs orgs, OrgSigningKeys keys, TimeProvider time, ILogger<SalesforceAccessTokens> logger) : IAccessTokenValidator
{
    /// <summary>How far the clocks may disagree.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private const string TokenType = "sfdc-core-token";

    private readonly JsonWebTokenHandler handler = new();

    public async ValueTask<AccessTokenCheck> CheckAsync(SalesforceSession token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Read(token.Reveal()) is not { } jwt)
        {
            return Refuse("The access token is not a JWT.");
        }

        if (!OrgOf(jwt, out var orgId))
        {
            return Refuse("The access token is not one Salesforce issues (its header names no org).");
        }

        if (!orgs.TryGet(orgId, out var org))
        {
            LogRefused(orgId.Value, "untrusted org");
            return AccessTokenCheck.Refused(Refusal.OrgNotAllowed);
        }

        if (ClaimsRefusal(jwt, org) is { } wrong)
        {
            LogRefused(orgId.Value, wrong);
            return Refuse(wrong);
        }

        var (key, unavailable) = await keys.FindAsync(org, jwt.Kid, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            LogRefused(orgId.Value, unavailable ? "keys unreadable" : "unknown key");
            return unavailable ? AccessTokenCheck.Refused(Refusal.SalesforceUnavailable) : Refuse("The access token is signed with a key its org does not publish.");
        }

        var result = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            // Checked above, with the org's own rules; the handler checks the signature alone.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            LogRefused(orgId.Value, "signature");
            return Refuse("The access token's signature does not hold.");
        }

        var user = jwt.Subject["uid:".Length..];
        return AccessTokenCheck.Valid(org, SalesforceId.Parse(user), DateTimeOffset.FromUnixTimeSeconds(jwt.GetPayloadValue<long>("iat")));
    }

    private static JsonWebToken? Read(string text)
    {
        try
        {
            return new JsonWebToken(text);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    /// <summary>The org in <c>tnk</c> (<c>core/&lt;instance&gt;/&lt;org18&gt;</c>), which <c>kid</c>
    /// (<c>CORE_ATJWT.&lt;org15&gt;.&lt;time&gt;</c>) must name too.</summary>
    private static bool OrgOf(JsonWebToken jwt, out SalesforceId orgId)
    {
        orgId = default;
        return jwt.TryGetHeaderValue<string>("tnk", out var tenant) && tenant is not null && tenant.StartsWith("core/", StringComparison.Ordinal)
            && SalesforceId.TryParseOrg(tenant.AsSpan(tenant.LastIndexOf('/') + 1), out orgId)
            && jwt.Kid is { } kid && kid.Split('.') is ["CORE_ATJWT", var kidOrg, _]
            && SalesforceId.TryParseOrg(kidOrg, out var named) && named == orgId;
    }

    /// <summary>Why the header or the claims cannot be a good token of this org; null when they can.</summary>
    private string? ClaimsRefusal(JsonWebToken jwt, TrustedOrg org)
    {
        var instance = org.InstanceUrl.GetLeftPart(UriPartial.Authority);
        if (jwt.Alg != SecurityAlgorithms.RsaSha256)
        {
            return "The access token is not signed with RS256.";
        }

        if (!jwt.TryGetHeaderValue<string>("tty", out var tokenType) || tokenType != TokenType)
        {
            return "The access token is not a Salesforce core token.";
        }

        // Any field may hold any JSON (a null, a number): read as text, or not at all, never assumed.
        if (!string.Equals(jwt.Issuer?.TrimEnd('/'), instance, StringComparison.OrdinalIgnoreCase)
            || !jwt.Audiences.Any(audience => string.Equals(audience?.TrimEnd('/'), instance, StringComparison.OrdinalIgnoreCase)))
        {
            return "The access token was not issued by and for its org's configured instance.";
        }

        if (!jwt.TryGetPayloadValue<string>("client_id", out var clientId) || !org.JwtClientIds.Contains(clientId))
        {
            return "The access token's app (client_id) is not one this org allows (Salesforce__Orgs__N__Jwt__ClientIds: the sign-in app's consumer key).";
        }

        if (jwt.Subject is not { } subject || !subject.StartsWith("uid:", StringComparison.Ordinal) || !SalesforceId.TryParseUser(subject.AsSpan("uid:".Length), out _))
        {
            return "The access token names no user.";
        }

        if (!jwt.TryGetPayloadValue<long>("iat", out var issuedAt) || !jwt.TryGetPayloadValue<long>("exp", out var expires))
        {
            return "The access token has no issue or expiry time.";
        }

        var notBefore = jwt.TryGetPayloadValue<long>("nbf", out var nbf) ? nbf : issuedAt;
        // Times a date can hold (a Unix time past year 9999 is no Salesforce token, and would throw below).
        if (!InRange(issuedAt) || !InRange(expires) || !InRange(notBefore))
        {
            return "The access token's times are not dates.";
        }

        var now = time.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(expires) + Skew <= now)
        {
            return "The access token has expired.";
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Min(notBefore, issuedAt)) - Skew > now)
        {
            return "The access token is not valid yet.";
        }

        // Measured from iat: real tokens carry nbf 15 s before it, which is not lifetime the org granted.
        return TimeSpan.FromSeconds(expires - issuedAt) > org.JwtMaxLifetime
            ? "The access token lives longer than its org allows (Salesforce__Orgs__N__Jwt__MaxLifetimeMinutes)."
            : null;
    }

    private static bool InRange(long unixSeconds) => unixSeconds is >= 0 and <= 253_402_300_799;

    private static AccessTokenCheck Refuse(string why) => AccessTokenCheck.Refused(new Refusal(RefusalReason.InvalidSession, why));

    [LoggerMessage(Level = LogLevel.Information, Message = "JWT access token of org {OrgId} refused: {Why}")]
    private partial void LogRefused(string orgId, string why);
}
