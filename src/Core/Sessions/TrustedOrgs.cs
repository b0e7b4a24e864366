using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Core.Sessions;

/// <summary>A trusted org and the origin its sessions are checked against.</summary>
public sealed record TrustedOrg(SalesforceId OrgId, Uri InstanceUrl)
{
    /// <summary>The consumer keys whose JWT-based access tokens this org's users may sign in with; empty: none.</summary>
    public IReadOnlySet<string> JwtClientIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The origins besides <see cref="InstanceUrl"/> a Canvas signed request of this org may name.</summary>
    public IReadOnlySet<Uri> OtherCanvasInstances { get; init; } = new HashSet<Uri>();

    /// <summary>The longest a JWT-based access token of this org may live.</summary>
    public TimeSpan JwtMaxLifetime { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The orgs whose sessions this deployment accepts, built once from configuration. A session from any other org is
/// refused before any outbound call, and nothing a client sends can add or change an entry: this table is the only
/// place a Salesforce host comes from.
/// </summary>
public sealed class TrustedOrgs
{
    private readonly Dictionary<SalesforceId, TrustedOrg> orgs = [];

    /// <summary>Reads the checked <c>Salesforce__Orgs__N__…</c> settings.</summary>
    public TrustedOrgs(IOptions<TrustedOrgsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var org in options.Value.Orgs)
        {
            if (SalesforceId.TryParseOrg(org.OrgId, out var orgId) && TryParseInstanceUrl(org.InstanceUrl, out var instance))
            {
                orgs[orgId] = new TrustedOrg(orgId, instance)
                {
                    JwtClientIds = new HashSet<string>(org.Jwt.ClientIds.Select(id => id.Trim()), StringComparer.Ordinal),
                    JwtMaxLifetime = TimeSpan.FromMinutes(org.Jwt.MaxLifetimeMinutes),
                    OtherCanvasInstances = new HashSet<Uri>(org.CanvasInstanceUrls
                        .Select(url => TryParseInstanceUrl(url, out var other) ? other : null)
                        .OfType<Uri>()),
                };
            }
        }
    }

    /// <summary>Every trusted org.</summary>
    public IReadOnlyCollection<TrustedOrg> All => orgs.Values;

    /// <summary>The trusted org with this ID, if it is one.</summary>
    public bool TryGet(SalesforceId orgId, out TrustedOrg org) => orgs.TryGetValue(orgId, out org!);

    /// <summary>An instance is a bare origin: https, or http on a loopback host (tests, local stack).</summary>
    internal static bool TryParseInstanceUrl(string? text, out Uri instance)
    {
        instance = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || !OutboundEndpoints.IsAllowed(uri)
            || uri.AbsolutePath.TrimEnd('/').Length != 0
            || uri.Query.Length != 0
            || uri.Fragment.Length != 0)
        {
            return false;
        }

        instance = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        return true;
    }
}
