using System.Text;
using System.Text.Json;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Which of some users are no longer active (and, for Email mode, a user's email), asked of the org's configured
/// instance with the events app's token: one SOQL query (<c>SELECT Id, IsActive, Email FROM User WHERE Id IN
/// (…)</c>) per <see cref="IdsPerQuery"/> users.
/// A gap event names users whose change is unknown; asking beats signing every one of them out (a bulk edit of a
/// department would end everyone's sign-in) and beats ignoring them (a deactivation would be missed). A user the
/// query does not return (deleted, or not visible to the events app's user) counts as inactive: in doubt, sign out.
/// </summary>
public sealed class SalesforceUserStatus(
    IHttpClientFactory httpClients,
    OrgAccessTokens tokens,
    TrustedOrgs orgs,
    Microsoft.Extensions.Options.IOptions<TrustedOrgsOptions> trusted,
    string apiVersion = "v62.0") : ISalesforceUsers
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
            foreach (var record in await QueryAsync(org, credentials, chunk, cancellationToken).ConfigureAwait(false))
            {
                if (record.IsActive)
                {
                    active.Add(record.Id);
                }
            }
        }

        return [.. users.Distinct().Where(user => !active.Contains(user))];
    }

    /// <summary>Email mode's question: the user's email in Salesforce (inactive users are returned too).</summary>
    public async ValueTask<string?> EmailOfAsync(SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken)
    {
        var settings = trusted.Value.Orgs.FirstOrDefault(candidate => SalesforceId.TryParseOrg(candidate.OrgId, out var id) && id == orgId);
        if (settings is not { Events.Enabled: true } || !orgs.TryGet(orgId, out var org))
        {
            return null;
        }

        try
        {
            var records = await QueryAsync(org, settings.Events, [userId], cancellationToken).ConfigureAwait(false);
            return records.FirstOrDefault(record => record.Id == userId)?.Email;
        }
        catch (UserStatusUnavailableException unavailable)
        {
            throw new SalesforceUsersUnavailableException(unavailable.Message);
        }
    }

    private sealed record UserRecord(SalesforceId Id, bool IsActive, string? Email);

    private async Task<IReadOnlyList<UserRecord>> QueryAsync(TrustedOrg org, OrgEventsSettings credentials, SalesforceId[] users, CancellationToken cancellationToken)
    {
        // IDs are checked 15/18-character Salesforce IDs: nothing from the event reaches the query unparsed.
        var soql = new StringBuilder("SELECT Id, IsActive, Email FROM User WHERE Id IN (");
        soql.AppendJoin(", ", users.Select(user => $"'{user.Value}'")).Append(')');
        try
        {
            return await SoqlPage.GetAsync(httpClients, tokens, org, credentials, $"services/data/{apiVersion}/query?q={Uri.EscapeDataString(soql.ToString())}", "which users are inactive", page =>
            {
                var records = new List<UserRecord>();
                foreach (var record in page.GetProperty("records").EnumerateArray())
                {
                    if (SalesforceId.TryParseUser(record.GetProperty("Id").GetString(), out var user))
                    {
                        var email = record.TryGetProperty("Email", out var address) && address.ValueKind == JsonValueKind.String ? address.GetString() : null;
                        records.Add(new UserRecord(user, record.GetProperty("IsActive").GetBoolean(), email));
                    }
                }

                return records;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryRefusedException refused)
        {
            // A gap event's users are not signed out on a refusal: the event is tried again, then parked.
            throw new UserStatusUnavailableException(refused.Message);
        }
    }
}

/// <summary>Salesforce could not say which users are inactive: the event is not done, and is tried again or parked.</summary>
public sealed class UserStatusUnavailableException(string message) : Exception(message);
