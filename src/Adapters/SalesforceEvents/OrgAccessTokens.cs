using System.Collections.Concurrent;
using System.Text.Json;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>An org's access token for the Pub/Sub API, and what goes with it on every call.</summary>
public sealed record OrgAccess(string AccessToken, string InstanceUrl, string TenantId);

/// <summary>
/// Access tokens by the OAuth 2.0 client credentials flow of each org's events app
/// (<c>Salesforce__Orgs__N__Events__…</c>), asked of the org's configured instance and kept until Pub/Sub refuses
/// one (<c>UNAUTHENTICATED</c>), then asked again. Two refusals are the org's to fix and are told apart
/// (<see cref="OrgAccessException.Cause"/>): a JWT-based token, which Pub/Sub would refuse on every call, and a run-as
/// user Salesforce no longer lets in. Neither the secret nor a token is ever logged.
/// </summary>
public sealed class OrgAccessTokens(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "SfCognitoSso.SalesforceEvents.OAuth";

    // One request per org in flight: an org's two subscriptions start (and are refused) together. Lazy, because
    // GetOrAdd may run its factory on both racing threads and keep one result: both requests would be sent.
    private readonly ConcurrentDictionary<SalesforceId, Lazy<Task<OrgAccess>>> tokens = new();

    public async ValueTask<OrgAccess> GetAsync(TrustedOrg org, OrgEventsSettings credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(credentials);
        var asked = tokens.GetOrAdd(org.OrgId, _ => new Lazy<Task<OrgAccess>>(() => RequestAsync(org, credentials, cancellationToken)));
        try
        {
            return await asked.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed request is not kept: the next call asks again.
            tokens.TryRemove(new KeyValuePair<SalesforceId, Lazy<Task<OrgAccess>>>(org.OrgId, asked));
            throw;
        }
    }

    /// <summary>Pub/Sub refused <paramref name="rejected"/>: the next call asks for a new token, unless another
    /// subscription already got one.</summary>
    public void Invalidate(SalesforceId orgId, OrgAccess rejected)
    {
        if (tokens.TryGetValue(orgId, out var current) && current.Value.IsCompletedSuccessfully && current.Value.Result == rejected)
        {
            tokens.TryRemove(new KeyValuePair<SalesforceId, Lazy<Task<OrgAccess>>>(orgId, current));
        }
    }

    private async Task<OrgAccess> RequestAsync(TrustedOrg org, OrgEventsSettings credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(org.InstanceUrl, "services/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credentials.ClientId ?? string.Empty,
                ["client_secret"] = credentials.ClientSecret ?? string.Empty,
            }),
        };
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Only the error and its description are read: the rest of the body may echo the client ID.
            var (error, description) = await ErrorOfAsync(response, cancellationToken).ConfigureAwait(false);
            throw error == "invalid_grant" && description == "inactive user"
                ? new OrgAccessException("The org's token endpoint refused the events app's run-as user.", OrgAccessException.RunAsUserInactive)
                : new OrgAccessException($"The org's token endpoint refused the events app's client credentials (HTTP {(int)response.StatusCode}{(error is null ? string.Empty : $", {error}")}).");
        }

        using var body = await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!body.RootElement.TryGetProperty("access_token", out var token) || token.GetString() is not { Length: > 0 } accessToken)
        {
            throw new OrgAccessException("The org's token endpoint answered without an access token.");
        }

        // An app with JWT-based access tokens says so (token_format); a JWT is a JSON header (eyJ…) and three parts where
        // an opaque token is <org>!<…> (which may hold dots). Pub/Sub would refuse it on every call: say why now,
        // instead of reconnecting forever.
        if ((body.RootElement.TryGetProperty("token_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "jwt")
            || (accessToken.StartsWith("eyJ", StringComparison.Ordinal) && !accessToken.Contains('!', StringComparison.Ordinal) && accessToken.Split('.').Length == 3))
        {
            throw new OrgAccessException("The org's events app issued a JWT-based access token.", OrgAccessException.JwtAccessTokens);
        }

        // The instance and tenant are the configured ones: an answer cannot redirect where events are read for.
        return new OrgAccess(accessToken, org.InstanceUrl.GetLeftPart(UriPartial.Authority), org.OrgId.Value);
    }

    private static async Task<(string? Error, string? Description)> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            return body.RootElement.ValueKind != JsonValueKind.Object ? (null, null) : (Text("error"), Text("error_description"));

            string? Text(string name) =>
                body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
