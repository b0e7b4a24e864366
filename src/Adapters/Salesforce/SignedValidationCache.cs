using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// The validation cache's entries and per-user sign-out marks as <see cref="CachedSessionValidator"/> uses them: kept
/// for <c>Cache__TtlSeconds</c>, signed with the validator's ES256 key where this host holds it (and only then shared),
/// checked with its public keys when read from the shared level. A cache fault is never an answer: a read that fails
/// is a miss (and a sign-out read that fails counts as signed out), a write that fails is skipped, each logged.
/// </summary>
internal sealed partial class SignedValidationCache(
    ValidationCache cache,
    IOptions<ValidationCacheOptions> options,
    TicketKeys keys,
    TimeProvider time,
    ILogger<SignedValidationCache> logger,
    SignOutMarkFeed? feed = null)
{
    /// <summary>Redis adds its instance name (<c>sfcognitosso:</c>) in front, so keys there read
    /// <c>sfcognitosso:session:v1:&lt;sha256&gt;</c>.</summary>
    private const string KeyPrefix = "session:v1:";

    private const string SignOutPrefix = "signout:v1:";

    private readonly ECDsa? signer = keys.Signer;
    private readonly IReadOnlyList<ECDsa> verifiers = keys.Verifiers;
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.TtlSeconds);

    private readonly bool listening = Listen(feed, cache, keys, TimeSpan.FromSeconds(options.Value.TtlSeconds));

    /// <summary>The entry for this session, when there is one, unexpired and authentic; a forged or moved one is logged
    /// as tampering (for <paramref name="org"/>) and missed.</summary>
    public async ValueTask<CachedIdentity?> ReadAsync(string sessionHash, TrustedOrg org, CancellationToken cancellationToken)
    {
        CachedIdentity? entry;
        bool shared;
        try
        {
            (entry, shared) = await cache.GetAsync(KeyPrefix + sessionHash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("read", exception.GetType().Name);
            return null;
        }

        if (entry is null || IsAuthentic(entry, sessionHash, shared))
        {
            if (entry is not null && shared)
            {
                // Checked once: the next read of this answer on this instance asks Redis nothing.
                cache.Keep(KeyPrefix + sessionHash, entry, DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) - time.GetUtcNow());
            }

            return entry;
        }

        if (entry.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds())
        {
            LogTampered(org.OrgId.Value);
        }

        return null;
    }

    /// <summary>Keeps an answer Core accepts for the lifetime, signed when this host signs (and then shared).</summary>
    public async ValueTask WriteAsync(string sessionHash, SalesforceIdentity identity, bool revocable, CancellationToken cancellationToken)
    {
        try
        {
            var entry = new CachedIdentity
            {
                Revocable = revocable,
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
            await cache.SetAsync(KeyPrefix + sessionHash, entry, lifetime, share: signer is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCacheFault("write", exception.GetType().Name);
        }
    }

    /// <summary>Marks the user signed out now: for as long as an entry can live, none written before the mark is used
    /// (the validator's and, through Redis, Verify's). Shared only by a host that signs.</summary>
    public async ValueTask MarkSignedOutAsync(SalesforceId orgId, SalesforceId userId, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
    {
        var mark = new CachedSignOut { At = signedOutAt.ToUnixTimeMilliseconds() };
        if (signer is not null)
        {
            mark.Signature = Convert.ToBase64String(signer.SignData(SignedOut(orgId, userId, mark), HashAlgorithmName.SHA256));
        }

        try
        {
            if (feed is not null && signer is not null)
            {
                cache.KeepSignOut(SignOutKey(orgId, userId), mark, lifetime);
                await feed.WriteAsync(SignOutKey(orgId, userId), mark, lifetime).ConfigureAwait(false);
            }
            else
            {
                await cache.SetSignOutAsync(SignOutKey(orgId, userId), mark, lifetime, share: signer is not null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The directory's sign-out still happens; a cached proof then lives at most Cache__TtlSeconds.
            LogCacheFault("sign-out write", exception.GetType().Name);
        }
    }

    /// <summary>True when the user was signed out at or after the entry was written (its expiry less the lifetime).
    /// Redis is read only when this instance cannot vouch that every later mark has reached it (<see cref="SignOutMarkFeed"/>).</summary>
    public async ValueTask<bool> SignedOutSinceAsync(SalesforceId orgId, SalesforceId userId, CachedIdentity entry, CancellationToken cancellationToken)
    {
        var key = SignOutKey(orgId, userId);
        var written = (entry.ExpiresAt * 1000) - (long)lifetime.TotalMilliseconds;
        if (cache.LocalSignOut(key) is { } local && local.At >= written)
        {
            return true;
        }

        if (listening && feed!.Covers(DateTimeOffset.FromUnixTimeMilliseconds(written)))
        {
            return false;
        }

        CachedSignOut? mark;
        try
        {
            mark = await cache.SharedSignOutAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unknown whether the user signed out: ask Salesforce, which knows.
            LogCacheFault("sign-out read", exception.GetType().Name);
            return true;
        }

        return mark is not null && Verifies(SignedOut(orgId, userId, mark), mark.Signature) && mark.At >= written;
    }

    /// <summary>Marks pushed by any instance are checked as a mark read from Redis is, then kept in memory.</summary>
    private static bool Listen(SignOutMarkFeed? feed, ValidationCache cache, TicketKeys keys, TimeSpan lifetime)
    {
        if (feed is null)
        {
            return false;
        }

        var verifiers = keys.Verifiers;
        feed.OnMark((key, mark) =>
        {
            var parts = key.Split(':');
            if (parts.Length == 4 && key.StartsWith(SignOutPrefix, StringComparison.Ordinal)
                && SalesforceId.TryParseOrg(parts[2], out var orgId) && SalesforceId.TryParseUser(parts[3], out var userId)
                && VerifiesWith(verifiers, SignedOut(orgId, userId, mark), mark.Signature))
            {
                cache.KeepSignOut(key, mark, lifetime);
            }
        });
        return true;
    }

    /// <summary>When Salesforce gave the answer an entry holds: its expiry less the lifetime.</summary>
    public DateTimeOffset WrittenAt(CachedIdentity entry) => DateTimeOffset.FromUnixTimeSeconds(entry.ExpiresAt) - lifetime;

    private static string SignOutKey(SalesforceId orgId, SalesforceId userId) => $"{SignOutPrefix}{orgId.Value}:{userId.Value}";

    private static byte[] SignedOut(SalesforceId orgId, SalesforceId userId, CachedSignOut mark) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "sfcognitosso-signout-v1", orgId.Value, userId.Value, mark.At.ToString(CultureInfo.InvariantCulture)));

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
    private bool Verifies(byte[] signed, string? base64Signature) => VerifiesWith(verifiers, signed, base64Signature);

    private static bool VerifiesWith(IReadOnlyList<ECDsa> verifiers, byte[] signed, string? base64Signature)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation cache entry for org {OrgId} failed its integrity check (tampering, or a key mismatch between hosts); asking Salesforce")]
    private partial void LogTampered(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validation cache {Operation} failed ({ExceptionType}); asking Salesforce instead")]
    private partial void LogCacheFault(string operation, string exceptionType);
}
