using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Each trusted org's published token keys, found as Salesforce publishes them: the configured instance's
/// <c>/.well-known/openid-configuration</c> names <c>jwks_uri</c>, which must be on that same origin (a key served from
/// anywhere else is never trusted), and the key set is read from there. Kept per org; read again when a token names a
/// key the set does not have, at most once a minute per org, so a stream of made-up key IDs cannot make us a proxy:
/// one read per org is in flight at a time, every caller that needs it waits for that one (single flight), and a read
/// that failed is remembered for <see cref="FailureMemory"/> before it is tried again.
/// </summary>
internal sealed partial class OrgSigningKeys(IHttpClientFactory httpClients, TimeProvider time, ILogger<OrgSigningKeys> logger)
{
    /// <summary>How soon an org's keys are read again for an unknown key ID.</summary>
    public static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);

    /// <summary>How long an org whose keys could not be read answers "unavailable" without another read.</summary>
    public static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Core.Sessions.SalesforceId, OrgKeys> byOrg = new();
    private readonly ConcurrentDictionary<Core.Sessions.SalesforceId, Lazy<Task<OrgKeys?>>> reading = new();
    private readonly ConcurrentDictionary<Core.Sessions.SalesforceId, DateTimeOffset> failedAt = new();

    /// <summary>The org's key with this ID; null when it has none (read again for an unknown ID at most once a
    /// minute) or its keys cannot be read at all, which the second value tells.</summary>
    public async ValueTask<(JsonWebKey? Key, bool Unavailable)> FindAsync(TrustedOrg org, string keyId, CancellationToken cancellationToken)
    {
        var known = byOrg.GetValueOrDefault(org.OrgId);
        if (known?.Find(keyId) is { } key)
        {
            return (key, false);
        }

        var now = time.GetUtcNow();
        if (known?.RefetchedAt is { } refetched && now - refetched < RefetchAfter)
        {
            return (null, false);
        }

        if (failedAt.TryGetValue(org.OrgId, out var failed) && now - failed < FailureMemory)
        {
            return (known?.Find(keyId), known is null);
        }

        // One read per org in flight, shared by every caller (each may stop waiting on its own cancellation).
        var shared = reading.GetOrAdd(org.OrgId, _ => new Lazy<Task<OrgKeys?>>(() => ReadOnceAsync(org, refetch: known is not null)));
        var read = await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return read is null ? (null, known is null) : (read.Find(keyId), false);
    }

    /// <param name="refetch">The keys were read before: this read counts against the once-a-minute rule.</param>
    private async Task<OrgKeys?> ReadOnceAsync(TrustedOrg org, bool refetch)
    {
        try
        {
            var read = await ReadAsync(org, CancellationToken.None).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (read is null)
            {
                failedAt[org.OrgId] = now;
                if (refetch && byOrg.TryGetValue(org.OrgId, out var kept))
                {
                    byOrg[org.OrgId] = kept with { RefetchedAt = now };
                }

                return null;
            }

            failedAt.TryRemove(org.OrgId, out _);
            byOrg[org.OrgId] = refetch ? read with { RefetchedAt = now } : read;
            return read;
        }
        finally
        {
            reading.TryRemove(org.OrgId, out _);
        }
    }

    /// <summary>Forgets every org's keys (tests; an operator's key rotation needs none of this: unknown IDs refetch).</summary>
    public void Clear()
    {
        byOrg.Clear();
        failedAt.Clear();
    }

    /// <summary>Discovery, then the key set, within one <see cref="SalesforceSessionValidator.Budget"/> for both (a
    /// trigger has 5 s in all). Any fault — an error status, a timeout, a broken circuit, an unreadable body — is
    /// "unreadable", never an exception; only the caller's own cancellation ends it otherwise.</summary>
    private async Task<OrgKeys?> ReadAsync(TrustedOrg org, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(SalesforceSessionValidator.HttpClientName);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(SalesforceSessionValidator.Budget);
        try
        {
            using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(org.InstanceUrl, "/.well-known/openid-configuration"), budget.Token).ConfigureAwait(false));
            if (!discovery.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(jwksUri.GetString(), UriKind.Absolute, out var keysUrl)
                || !string.Equals(keysUrl.GetLeftPart(UriPartial.Authority), org.InstanceUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                LogKeysElsewhere(org.OrgId.Value);
                return null;
            }

            var set = new JsonWebKeySet(await http.GetStringAsync(keysUrl, budget.Token).ConfigureAwait(false));
            return new OrgKeys(set.Keys.Where(key => key.Kty == "RSA" && !string.IsNullOrEmpty(key.Kid)).ToDictionary(key => key.Kid, StringComparer.Ordinal));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Timeouts, refused connections, broken circuits, bad JSON: the keys cannot be read.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogUnreadable(org.OrgId.Value, exception.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Org {OrgId} names token keys on another origin than its configured instance: not trusted")]
    private partial void LogKeysElsewhere(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Org {OrgId}'s token keys could not be read ({ExceptionType})")]
    private partial void LogUnreadable(string orgId, string exceptionType);

    /// <param name="RefetchedAt">When the keys were last read again for an unknown key ID; null: never.</param>
    private sealed record OrgKeys(Dictionary<string, JsonWebKey> Keys, DateTimeOffset? RefetchedAt = null)
    {
        public JsonWebKey? Find(string keyId) => Keys.GetValueOrDefault(keyId);
    }
}
