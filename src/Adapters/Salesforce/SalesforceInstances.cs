using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Each trusted org's "who is this session?" URL, built once from Core's trusted-org table and the
/// configured endpoint, so a request costs a dictionary lookup rather than a URL build.</summary>
public sealed class SalesforceInstances
{
    private readonly Dictionary<SalesforceId, Uri> identityUrls = [];

    public SalesforceInstances(TrustedOrgs trustedOrgs, IOptions<SalesforceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(trustedOrgs);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var path = settings.Endpoint switch
        {
            SalesforceEndpoint.UserInfo => "services/oauth2/userinfo",
            SalesforceEndpoint.ChatterUsersMe => $"services/data/{settings.ApiVersion}/chatter/users/me",
            _ => throw new ArgumentOutOfRangeException(nameof(options), settings.Endpoint, "Unknown Salesforce endpoint."),
        };
        foreach (var org in trustedOrgs.All)
        {
            identityUrls[org.OrgId] = new Uri(org.InstanceUrl, path);
        }
    }

    /// <summary>Built from the same table the org was resolved from, so every trusted org has an entry.</summary>
    public Uri IdentityUrl(TrustedOrg org)
    {
        ArgumentNullException.ThrowIfNull(org);
        return identityUrls[org.OrgId];
    }
}
