using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Which of some users are no longer active, asked of the org's configured instance with the events connected app's
/// token: one SOQL query (<c>SELECT Id, IsActive FROM User WHERE Id IN (…)</c>) per <see cref="IdsPerQuery"/> users.
/// A gap event names users whose change is unknown; asking beats signing every one of them out (a bulk edit of a
/// department would end everyone's sign-in) and beats ignoring them (a deactivation would be missed). A user the
/// query does not return (deleted, or not visible to the connected app's user) counts as inactive: in doubt, sign out.
/// </summary>
public sealed class SalesforceUserStatus(IHttpClientFactory httpClients, OrgAccessTokens tokens, string apiVersion = "v62.0")
{
    public const string HttpClientName = "SfCognitoSso.SalesforceEvents.Rest";

    /// <summary>Keeps each query's URL far below Salesforce's 16,384-character URI limit.</summary>
    public const int IdsPerQuery = 200;

    /// <exception cref="UserStatusUnavailableException">Salesforce could not answer (refused, down, or garbled).</exception>
    public async Task<IReadOnlyList<SalesforceId>> InactiveAmongAsync(TrustedOrg org, OrgEventsSettings credentials, IReadOnlyList<SalesforceId> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(users);
        var active = new HashSet<SalesforceId>();
        foreach (var chunk in users.Distinct().Chunk(IdsPerQuery))
        {
            foreach (var user in await ActiveAsync(org, credentials, chunk, cancellationToken).ConfigureAwait(false))
            {
                active.Add(user);
            }
        }

        return [.. users.Distinct().Where(user => !active.Contains(user))];
    }

    private async Task<IReadOnlyList<SalesforceId>> ActiveAsync(TrustedOrg org, OrgEventsSettings credentials, SalesforceId[] users, CancellationToken cancellationToken)
    {
        // IDs are checked 15/18-character Salesforce IDs: nothing from the event reaches the query unparsed.
        var soql = new StringBuilder("SELECT Id, IsActive FROM User WHERE Id IN (");
        soql.AppendJoin(", ", users.Select(user => $"'{user.Value}'")).Append(')');
        var access = await tokens.GetAsync(org, credentials, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(org.InstanceUrl, $"services/data/{apiVersion}/query?q={Uri.EscapeDataString(soql.ToString())}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UserStatusUnavailableException($"Salesforce could not be asked which users are inactive ({exception.GetType().Name}).");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                tokens.Invalidate(org.OrgId, access);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new UserStatusUnavailableException($"Salesforce refused the user query (HTTP {(int)response.StatusCode}).");
            }

            try
            {
                using var body = await JsonDocument.ParseAsync(
                    await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                var active = new List<SalesforceId>();
                foreach (var record in body.RootElement.GetProperty("records").EnumerateArray())
                {
                    if (record.GetProperty("IsActive").GetBoolean() && SalesforceId.TryParseUser(record.GetProperty("Id").GetString(), out var user))
                    {
                        active.Add(user);
                    }
                }

                return active;
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new UserStatusUnavailableException("Salesforce's answer to the user query is not a query result.");
            }
        }
    }
}

/// <summary>Salesforce could not say which users are inactive: the event is not done, and is tried again or parked.</summary>
public sealed class UserStatusUnavailableException(string message) : Exception(message);
