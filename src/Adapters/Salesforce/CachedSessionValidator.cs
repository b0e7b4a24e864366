using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Reuses a successful validation for <c>Cache__TtlSeconds</c>, so the verify trigger does not ask Salesforce again
/// about the session the validator endpoint just checked (with Redis, even on another host). Keyed by the session's
/// SHA-256; only identities that will be accepted (active, with email) are stored; failures never are. A cache
/// fault falls back to asking Salesforce.
/// </summary>
public sealed partial class CachedSessionValidator(
    SalesforceSessionValidator inner,
    ValidationCache cache,
    IOptions<ValidationCacheOptions> options,
    ILogger<CachedSessionValidator> logger) : ISessionValidator
{
    /// <summary>Redis adds its instance name (<c>sfcognitosso:</c>) in front, so keys there read
    /// <c>sfcognitosso:session:v1:&lt;sha256&gt;</c>.</summary>
    private const string KeyPrefix = "session:v1:";

    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.TtlSeconds);

    public async ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        var key = KeyPrefix + session.ToHashKey();
        if (await ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } cached
            && SalesforceId.TryParse(cached.OrgId, out var orgId)
            && SalesforceId.TryParse(cached.UserId, out var userId)
            && org.OrgId == orgId)
        {
            return SessionValidation.Valid(new SalesforceIdentity(orgId, userId, cached.Email, cached.EmailVerified, IsActive: true));
        }

        var result = await inner.ValidateAsync(session, org, cancellationToken).ConfigureAwait(false);
        if (result is { IsValid: true, Identity: { IsActive: true, Email: not null } identity })
        {
            await WriteAsync(key, identity, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async ValueTask<CachedIdentity?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("read", exception.GetType().Name);
            return null;
        }
    }

    private async ValueTask WriteAsync(string key, SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            var entry = new CachedIdentity
            {
                OrgId = identity.OrgId.Value,
                UserId = identity.UserId.Value,
                Email = identity.Email,
                EmailVerified = identity.EmailVerified,
            };
            await cache.SetAsync(key, entry, lifetime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("write", exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation cache {Operation} failed ({ExceptionType}); asking Salesforce instead")]
    private partial void LogCacheFault(string operation, string exceptionType);
}
