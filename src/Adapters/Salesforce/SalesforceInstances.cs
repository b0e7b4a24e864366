using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Org ID → the URL to ask about its sessions, built once from configuration. Nothing a client sends can
/// add or change an entry: this table is the only place a Salesforce host comes from.</summary>
public sealed class SalesforceInstances
{
    private readonly Dictionary<SalesforceId, Uri> identityUrls = [];

    public SalesforceInstances(IOptions<SalesforceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var path = settings.Endpoint switch
        {
            SalesforceEndpoint.UserInfo => "services/oauth2/userinfo",
            _ => $"services/data/{settings.ApiVersion}/chatter/users/me",
        };
        foreach (var org in settings.Orgs)
        {
            if (SalesforceId.TryParse(org.OrgId, out var orgId)
                && SalesforceOptionsValidator.TryParseInstanceUrl(org.InstanceUrl, out var instance))
            {
                identityUrls[orgId] = new Uri(instance, path);
            }
        }
    }

    public bool TryGetIdentityUrl(SalesforceId orgId, out Uri url) => identityUrls.TryGetValue(orgId, out url!);
}
