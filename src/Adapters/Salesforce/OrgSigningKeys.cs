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
/// key the set does not have, at most once a minute per org, so a stream of made-up key IDs cannot make us a proxy.
/// </summary>
internal sealed partial class OrgSigningKeys(IHttpClientFactory httpClients, TimeProvider time, ILogger<OrgSigningKeys> logger)
{
    /// <summary>How soon an org's keys are read again for an unknown key ID.</summary>
    public static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Core.Sessions.SalesforceId, OrgKeys> byOrg = new();

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

        var read = await ReadAsync(org, cancellationToken).ConfigureAwait(false);
        if (read is null)
        {
            if (known is not null)
            {
                byOrg[org.OrgId] = known with { RefetchedAt = now };
            }

            return (null, known is null);
        }

        byOrg[org.OrgId] = known is null ? read : read with { RefetchedAt = now };
        return (read.Find(keyId), false);
    }

    /// <summary>Forgets every org's keys (tests; an operator's key rotation needs none of this: unknown IDs refetch).</summary>
    public void Clear() => byOrg.Clear();

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
