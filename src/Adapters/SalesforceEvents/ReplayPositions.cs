using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Where each org's subscription to each topic got to (the last processed event's replay ID), stored after every
/// event so a restart — or another instance — resumes after it: in Redis when the validation cache uses it (no
/// expiry; Salesforce keeps events 72 hours), else in this process only (a restart then starts from the latest event).
/// </summary>
public sealed class ReplayPositions(IDistributedCache? shared = null)
{
    private readonly ConcurrentDictionary<string, byte[]> local = new(StringComparer.Ordinal);

    public bool Shared => shared is not null;

    public async ValueTask<byte[]?> GetAsync(SalesforceId orgId, string topic, CancellationToken cancellationToken)
    {
        var key = Key(orgId, topic);
        return shared is null
            ? local.GetValueOrDefault(key)
            : await shared.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(SalesforceId orgId, string topic, byte[] replayId, CancellationToken cancellationToken)
    {
        var key = Key(orgId, topic);
        if (shared is null)
        {
            local[key] = replayId;
            return;
        }

        await shared.SetAsync(key, replayId, new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ForgetAsync(SalesforceId orgId, string topic, CancellationToken cancellationToken)
    {
        var key = Key(orgId, topic);
        local.TryRemove(key, out _);
        if (shared is not null)
        {
            await shared.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Key(SalesforceId orgId, string topic) => $"replay:v1:{orgId.Value}:{topic}";
}
