using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Core.Sessions;

/// <summary>Settings under <c>Salesforce__Orgs__N__OrgId</c> / <c>__InstanceUrl</c>: the orgs this deployment trusts
/// and the only hosts a Salesforce call may ever go to.</summary>
public sealed class TrustedOrgsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Salesforce";

    /// <summary>The trusted orgs (<c>Salesforce__Orgs__N__…</c>).</summary>
    public List<TrustedOrgSettings> Orgs { get; set; } = [];

    /// <summary><c>Salesforce__AllowedUserTypes__N</c>: portal or community user types let in besides internal users
    /// (as Salesforce names them, e.g. PowerPartner, CspLitePortal). Guest users never are.</summary>
    public List<string> AllowedUserTypes { get; set; } = [];
}

/// <summary>One trusted org's settings.</summary>
public sealed class TrustedOrgSettings
{
    /// <summary>The org ID, 15 or 18 characters (<c>00D…</c>).</summary>
    public string? OrgId { get; set; }

    /// <summary>The org's My Domain URL, such as https://acme.my.salesforce.com.</summary>
    public string? InstanceUrl { get; set; }

    /// <summary>The consumer secret of the org's canvas app (a secret): Canvas signed requests from this org are
    /// accepted only when signed with it. Unset: this org's signed requests are refused.</summary>
    public string? CanvasConsumerSecret { get; set; }

    /// <summary><c>Salesforce__Orgs__N__CanvasInstanceUrls__M</c>: other origins this org's signed requests may name as
    /// their instance (a My Domain's previous name, Experience Cloud sites), each a bare https origin.</summary>
    public List<string> CanvasInstanceUrls { get; set; } = [];

    /// <summary><c>Salesforce__Orgs__N__Events__ClientId</c> / <c>__ClientSecret</c>: the events app (client credentials
    /// flow) single sign-out reads this org's logout and user change events with. Unset: no single sign-out for it.</summary>
    public OrgEventsSettings Events { get; set; } = new();

    /// <summary><c>Salesforce__Orgs__N__Jwt__…</c>: which JWT-based access tokens of this org sign users in.</summary>
    public OrgJwtSettings Jwt { get; set; } = new();
}

/// <summary>An org's JWT-based access tokens: accepted only from the apps (consumer keys) named here.</summary>
public sealed class OrgJwtSettings
{
    /// <summary>The longest lifetime allowed, in minutes (Salesforce issues 1 to 30, or the session timeout).</summary>
    public const int MaxLifetimeLimit = 24 * 60;

    /// <summary><c>__ClientIds__M</c>: the consumer keys whose tokens are accepted. None: this org's JWTs are refused.</summary>
    public List<string> ClientIds { get; set; } = [];

    /// <summary><c>__MaxLifetimeMinutes</c>: a token living longer (from its issue to its expiry) is refused.</summary>
    public int MaxLifetimeMinutes { get; set; } = 30;
}

/// <summary>An org's events app for single sign-out (client credentials flow).</summary>
public sealed class OrgEventsSettings
{
    /// <summary>The events app's consumer key (the External Client App of infra/salesforce, or an existing connected app).</summary>
    public string? ClientId { get; set; }

    /// <summary>A secret: from Key Vault or SSM like the others, never in a log.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>True when single sign-out is on for the org.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Start-up check that names the offending setting in the form operators set it.</summary>
internal sealed class TrustedOrgsOptionsValidator : IValidateOptions<TrustedOrgsOptions>
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
            if (Check(i, options.Orgs[i]) is { } failure)
            {
                return ValidateOptionsResult.Fail(failure);
            }
        }

        for (var i = 0; i < options.AllowedUserTypes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedUserTypes[i]) || UserTypes.IsGuest(options.AllowedUserTypes[i]))
            {
                return ValidateOptionsResult.Fail(
                    $"Salesforce__AllowedUserTypes__{i} must name a portal or community user type; guest users can never sign in.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static string? Check(int index, TrustedOrgSettings org)
    {
        if (string.IsNullOrWhiteSpace(org.OrgId))
        {
            return $"Salesforce__Orgs__{index}__OrgId is required.";
        }

        if (!SalesforceId.TryParseOrg(org.OrgId, out _))
        {
            return $"Salesforce__Orgs__{index}__OrgId must be a 15- or 18-character Salesforce org ID starting with 00D.";
        }

        if (string.IsNullOrWhiteSpace(org.InstanceUrl))
        {
            return $"Salesforce__Orgs__{index}__InstanceUrl is required.";
        }

        if (org.CanvasConsumerSecret is { } secret && secret.Trim().Length < 16)
        {
            return $"Salesforce__Orgs__{index}__CanvasConsumerSecret must be the canvas app's consumer secret (Salesforce's are 64 characters).";
        }

        if (org.CanvasInstanceUrls.FindIndex(url => !TrustedOrgs.TryParseInstanceUrl(url, out _)) is var badOrigin and >= 0)
        {
            return $"Salesforce__Orgs__{index}__CanvasInstanceUrls__{badOrigin} must be an https URL with no path, query or credentials (http only for loopback hosts).";
        }

        if (org.Jwt.MaxLifetimeMinutes is < 1 or > OrgJwtSettings.MaxLifetimeLimit)
        {
            return $"Salesforce__Orgs__{index}__Jwt__MaxLifetimeMinutes must be from 1 to {OrgJwtSettings.MaxLifetimeLimit} (Salesforce issues 1 to 30 minutes, or the session timeout).";
        }

        if (org.Jwt.ClientIds.FindIndex(string.IsNullOrWhiteSpace) is var blank and >= 0)
        {
            return $"Salesforce__Orgs__{index}__Jwt__ClientIds__{blank} is empty: name the sign-in app's consumer key (sfsso salesforce deploy prints it).";
        }

        if (string.IsNullOrWhiteSpace(org.Events.ClientId) != string.IsNullOrWhiteSpace(org.Events.ClientSecret))
        {
            return $"Salesforce__Orgs__{index}__Events__ClientId and __ClientSecret go together: set both for single sign-out, or neither.";
        }

        return TrustedOrgs.TryParseInstanceUrl(org.InstanceUrl, out _)
            ? null
            : $"Salesforce__Orgs__{index}__InstanceUrl must be an https URL with no path, query or credentials (http only for loopback hosts).";
    }
}
