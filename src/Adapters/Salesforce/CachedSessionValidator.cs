using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Reuses a successful validation for <c>Cache__TtlSeconds</c>, so the verify trigger does not ask Salesforce again
/// about the session the validator endpoint just checked (with Redis, even on another host). Keyed by the session's
/// SHA-256; only identities Core accepts (<see cref="IdentityAcceptance"/>) are stored; failures never are. A cache
/// fault falls back to asking Salesforce. A shared entry carries the validator's ES256 signature
/// (<c>Ticket__SigningKey</c>) over the session's hash, the identity and the expiry, checked with its public keys: an
/// entry someone wrote into Redis, moved to another session's key or kept past its expiry is a miss, logged as
/// tampering. Only a host holding the private key writes shared entries; the triggers hold public keys only.
/// </summary>
public sealed partial class CachedSessionValidator(
    SalesforceSessionValidator inner,
    IdentityAcceptance acceptance,
    ValidationCache cache,
    IOptions<ValidationCacheOptions> options,
    TicketKeys keys,
    TimeProvider time,
    ILogger<CachedSessionValidator> logger,
    SignOutMarksInUse? signOutMarks = null) : ISessionValidator, ISessionRevocations
{
    private readonly ECDsa? signer = keys.Signer;
    private readonly IReadOnlyList<ECDsa> verifiers = keys.Verifiers;

    /// <summary>Redis adds its instance name (<c>sfcognitosso:</c>) in front, so keys there read
    /// <c>sfcognitosso:session:v1:&lt;sha256&gt;</c>.</summary>
    private const string KeyPrefix = "session:v1:";

    private const string SignOutPrefix = "signout:v1:";

    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.TtlSeconds);

    public ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken) =>
        ValidateAsync(session, org, signedOutAt: null, cancellationToken);

    /// <summary>An entry written at or before the user's sign-out mark (which Verify reads from the user itself) is a
    /// miss: this is what keeps Verify's own cache — in a process no Redis mark reaches — from outliving a sign-out.</summary>
    public ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken) =>
        ValidateAsync(session, org, (DateTimeOffset?)signedOutAt, cancellationToken);

    private async ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset? signedOutAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        var sessionHash = session.ToHashKey();
        var key = KeyPrefix + sessionHash;
        if (await ReadAsync(key, cancellationToken).ConfigureAwait(false) is ({ } cached, var shared))
        {
            // The org is compared with the session's by Core, as for an answer straight from Salesforce.
            if (IsAuthentic(cached, sessionHash, shared)
                && SalesforceId.TryParseOrg(cached.OrgId, out var orgId)
                && SalesforceId.TryParseUser(cached.UserId, out var userId))
            {
                // Only an entry written where single sign-out runs can have been revoked: no second read for the others.
                if (!SignOutMark.Outlives(WrittenAt(cached), signedOutAt)
                    && (!cached.Revocable || !await SignedOutSinceAsync(orgId, userId, cached, cancellationToken).ConfigureAwait(false)))
                {
                    return SessionValidation.Valid(new SalesforceIdentity(orgId, userId, cached.Email, cached.EmailVerified, IsActive: true, cached.UserType));
                }
            }
            else if (cached.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds())
            {
                LogTampered(org.OrgId.Value);
            }
        }

        var result = await inner.ValidateAsync(session, org, cancellationToken).ConfigureAwait(false);
        if (result is { IsValid: true, Identity: { } identity } && acceptance.Refusal(identity, org.OrgId) is null)
        {
            await WriteAsync(key, sessionHash, identity, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Marks the user signed out now: for as long as an entry can live, none written before the mark is used
    /// (the validator's and, through Redis, Verify's). Shared only by a host that signs.</summary>
    public async ValueTask RevokeAsync(SalesforceId orgId, SalesforceId userId, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
    {
        var mark = new CachedSignOut { At = signedOutAt.ToUnixTimeMilliseconds() };
        if (signer is not null)
        {
            mark.Signature = Convert.ToBase64String(signer.SignData(SignedOut(orgId, userId, mark), HashAlgorithmName.SHA256));
        }

        try
        {
            await cache.SetSignOutAsync(SignOutKey(orgId, userId), mark, lifetime, share: signer is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The directory's sign-out still happens; a cached proof then lives at most Cache__TtlSeconds.
            LogCacheFault("sign-out write", exception.GetType().Name);
        }
    }

    /// <summary>True when the user was signed out at or after the entry was written (its expiry less the lifetime).</summary>
    private async ValueTask<bool> SignedOutSinceAsync(SalesforceId orgId, SalesforceId userId, CachedIdentity entry, CancellationToken cancellationToken)
    {
        CachedSignOut? mark;
        bool shared;
        try
        {
            (mark, shared) = await cache.GetSignOutAsync(SignOutKey(orgId, userId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unknown whether the user signed out: ask Salesforce, which knows.
            LogCacheFault("sign-out read", exception.GetType().Name);
            return true;
        }

        if (mark is null || (shared && !Verifies(SignedOut(orgId, userId, mark), mark.Signature)))
        {
            return false;
        }

        var written = (entry.ExpiresAt * 1000) - (long)lifetime.TotalMilliseconds;
        return mark.At >= written;
    }

    /// <summary>When Salesforce gave the answer an entry holds: its expiry less the lifetime.</summary>
    private DateTimeOffset WrittenAt(CachedIdentity entry) => DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) - lifetime;

    private static string SignOutKey(SalesforceId orgId, SalesforceId userId) => $"{SignOutPrefix}{orgId.Value}:{userId.Value}";

    private static byte[] SignedOut(SalesforceId orgId, SalesforceId userId, CachedSignOut mark) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "sfcognitosso-signout-v1", orgId.Value, userId.Value, mark.At.ToString(CultureInfo.InvariantCulture)));

    private async ValueTask<(CachedIdentity? Entry, bool Shared)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("read", exception.GetType().Name);
            return (null, false);
        }
    }

    /// <summary>Unexpired, and (when it came from the shared level) signed by the validator for this very session.
    /// Process memory is written by this process only.</summary>
    private bool IsAuthentic(CachedIdentity entry, string sessionHash, bool shared)
    {
        if (entry.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        if (!shared)
        {
            return true;
        }

        return Verifies(Signed(entry, sessionHash), entry.Signature);
    }

    /// <summary>An ES256 signature (IEEE P1363, base64) by one of the validator's keys.</summary>
    private bool Verifies(byte[] signed, string? base64Signature)
    {
        Span<byte> signature = stackalloc byte[64];
        if (base64Signature is null || !Convert.TryFromBase64String(base64Signature, signature, out var written) || written != 64)
        {
            return false;
        }

        foreach (var key in verifiers)
        {
            if (key.VerifyData(signed, signature, HashAlgorithmName.SHA256))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Signed(CachedIdentity entry, string sessionHash) =>
        Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "sfcognitosso-cache-v2",
            sessionHash,
            entry.OrgId,
            entry.UserId,
            entry.Email ?? string.Empty,
            entry.EmailVerified ? "1" : "0",
            entry.UserType ?? string.Empty,
            entry.ExpiresAt.ToString(CultureInfo.InvariantCulture))
            + (entry.Revocable ? "\nrevocable" : string.Empty));

    private async ValueTask WriteAsync(string key, string sessionHash, SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            var entry = new CachedIdentity
            {
                Revocable = signOutMarks is not null,
                OrgId = identity.OrgId.Value,
                UserId = identity.UserId.Value,
                Email = identity.Email,
                EmailVerified = identity.EmailVerified,
                UserType = identity.UserType,
                ExpiresAt = (time.GetUtcNow() + lifetime).ToUnixTimeSeconds(),
            };
            if (signer is not null)
            {
                entry.Signature = Convert.ToBase64String(signer.SignData(Signed(entry, sessionHash), HashAlgorithmName.SHA256));
            }

            // Only the signing host shares an entry: a trigger holding public keys only keeps its answers to itself.
            await cache.SetAsync(key, entry, lifetime, share: signer is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("write", exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation cache entry for org {OrgId} failed its integrity check (tampering, or a key mismatch between hosts); asking Salesforce")]
    private partial void LogTampered(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation cache {Operation} failed ({ExceptionType}); asking Salesforce instead")]
    private partial void LogCacheFault(string operation, string exceptionType);
}
