using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Sessions;

/// <summary>Settings under <c>Salesforce__Orgs__N__…</c>; the Salesforce adapter reads the instance URLs itself.</summary>
public sealed class TrustedOrgsOptions
{
    public const string Section = "Salesforce";

    public List<TrustedOrg> Orgs { get; set; } = [];
}

public sealed class TrustedOrg
{
    public string? OrgId { get; set; }
}

/// <summary>The orgs whose sessions this deployment accepts. A session from any other org is refused before any
/// outbound call, so a client cannot make the service talk to an org it does not trust.</summary>
public sealed class TrustedOrgs
{
    private readonly HashSet<SalesforceId> orgIds;

    public TrustedOrgs(IOptions<TrustedOrgsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        orgIds = [];
        foreach (var org in options.Value.Orgs)
        {
            if (SalesforceId.TryParse(org.OrgId, out var id))
            {
                orgIds.Add(id);
            }
        }
    }

    public bool Contains(SalesforceId orgId) => orgIds.Contains(orgId);
}

/// <summary>Start-up check that names the offending setting in the form operators set it.</summary>
public sealed class TrustedOrgsOptionsValidator : IValidateOptions<TrustedOrgsOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedOrgsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Orgs.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "Salesforce__Orgs__0__OrgId is required: no Salesforce org is trusted, so every session would be refused.");
        }

        for (var i = 0; i < options.Orgs.Count; i++)
        {
            var orgId = options.Orgs[i].OrgId;
            if (string.IsNullOrWhiteSpace(orgId))
            {
                return ValidateOptionsResult.Fail($"Salesforce__Orgs__{i}__OrgId is required.");
            }

            if (!SalesforceId.TryParse(orgId, out var id) || id.KeyPrefix != "00D")
            {
                return ValidateOptionsResult.Fail(
                    $"Salesforce__Orgs__{i}__OrgId must be a 15- or 18-character Salesforce org ID starting with 00D.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
