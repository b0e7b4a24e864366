using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// One page of a SOQL query over REST, asked of the org's configured instance with the events app's token: what the
/// gap events' status check and the sweep both ask. A token Salesforce answers 401 to is dropped, so the next ask
/// gets a new one.
/// </summary>
internal static class SoqlPage
{
    /// <summary>Reads the page at <paramref name="path"/> (relative to the instance) with <paramref name="read"/>.</summary>
    /// <param name="what">What is asked, for messages: "which users are inactive".</param>
    /// <exception cref="UserStatusUnavailableException">Salesforce could not be reached, or its answer is not a query result.</exception>
    /// <exception cref="QueryRefusedException">Salesforce answered with an error status.</exception>
    public static async Task<T> GetAsync<T>(
        IHttpClientFactory httpClients, OrgAccessTokens tokens, TrustedOrg org, OrgEventsSettings credentials, string path, string what,
        Func<JsonElement, T> read, CancellationToken cancellationToken, int? batchSize = null)
    {
        var access = await tokens.GetAsync(org, credentials, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(org.InstanceUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (batchSize is { } size)
        {
            request.Headers.Add("Sforce-Query-Options", $"batchSize={size}");
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(SalesforceUserStatus.HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UserStatusUnavailableException($"Salesforce could not be asked {what} ({exception.GetType().Name}).");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                tokens.Invalidate(org.OrgId, access);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new QueryRefusedException(response.StatusCode, what);
            }

            try
            {
                using var body = await JsonDocument.ParseAsync(
                    await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                return read(body.RootElement);
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new UserStatusUnavailableException($"Salesforce's answer when asked {what} is not a query result.");
            }
        }
    }
}

/// <summary>Salesforce answered a query with an error status (the sweep reads 400 and 403 as a field it may not read).</summary>
public sealed class QueryRefusedException(HttpStatusCode status, string what) : Exception($"Salesforce refused to say {what} (HTTP {(int)status}).")
{
    public HttpStatusCode Status { get; } = status;
}
