using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Two levels: process memory first, then the distributed cache (Redis, <c>Cache__Redis</c>) when there is one, so
/// the validator on one host and the verify trigger on another share one Salesforce check. Entries in Redis are
/// plain source-generated JSON that every host — JIT or NativeAOT — reads the same way. (HybridCache was the first
/// choice; it is not trim-safe yet, dotnet/extensions#5624, and its Redis envelope would not be readable by a host
/// that cannot use it.)
/// </summary>
public sealed class ValidationCache(IMemoryCache memory, IDistributedCache? distributed = null)
{
    /// <summary>The entry, and whether it came from the shared level (and so must prove who wrote it).</summary>
    public async ValueTask<(CachedIdentity? Entry, bool Shared)> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (memory.TryGetValue(key, out CachedIdentity? local))
        {
            return (local, false);
        }

        if (distributed is null || await distributed.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return (null, false);
        }

        return (JsonSerializer.Deserialize(bytes, SalesforceJsonContext.Default.CachedIdentity), true);
    }

    /// <summary>In process memory always; in the shared level only when <paramref name="share"/> (a host that signs).</summary>
    public async ValueTask SetAsync(string key, CachedIdentity identity, TimeSpan lifetime, bool share, CancellationToken cancellationToken)
    {
        memory.Set(key, identity, lifetime);
        if (share && distributed is not null)
        {
            await distributed.SetAsync(
                key,
                JsonSerializer.SerializeToUtf8Bytes(identity, SalesforceJsonContext.Default.CachedIdentity),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps in process memory an entry read (and checked) from the shared level, so the next read of it asks
    /// Redis nothing.</summary>
    public void Keep(string key, CachedIdentity identity, TimeSpan lifetime) => memory.Set(key, identity, lifetime);

    /// <summary>A user's sign-out mark in process memory: written here, or pushed here by another instance.</summary>
    public CachedSignOut? LocalSignOut(string key) => memory.TryGetValue(key, out CachedSignOut? local) ? local : null;

    /// <summary>Keeps a mark in process memory unless a later one is there.</summary>
    public void KeepSignOut(string key, CachedSignOut mark, TimeSpan lifetime)
    {
        if (LocalSignOut(key) is not { } kept || kept.At < mark.At)
        {
            memory.Set(key, mark, lifetime);
        }
    }

    /// <summary>A user's sign-out mark from the shared level (null without one).</summary>
    public async ValueTask<CachedSignOut?> SharedSignOutAsync(string key, CancellationToken cancellationToken)
    {
        if (distributed is null || await distributed.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return null;
        }

        return JsonSerializer.Deserialize(bytes, SalesforceJsonContext.Default.CachedSignOut);
    }

    public async ValueTask SetSignOutAsync(string key, CachedSignOut mark, TimeSpan lifetime, bool share, CancellationToken cancellationToken)
    {
        memory.Set(key, mark, lifetime);
        if (share && distributed is not null)
        {
            await distributed.SetAsync(
                key,
                JsonSerializer.SerializeToUtf8Bytes(mark, SalesforceJsonContext.Default.CachedSignOut),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
