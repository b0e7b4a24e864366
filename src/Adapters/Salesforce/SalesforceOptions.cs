using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Which Salesforce resource answers "who is this session?" (<c>Salesforce__Endpoint</c>).</summary>
public enum SalesforceEndpoint
{
    /// <summary><c>GET /services/data/{ApiVersion}/chatter/users/me</c>: id, email, isActive.</summary>
    ChatterUsersMe,

    /// <summary><c>GET /services/oauth2/userinfo</c>: user_id, organization_id, email, email_verified, active.</summary>
    UserInfo,
}

public sealed class SalesforceOptions
{
    public const string Section = "Salesforce";

    public List<SalesforceOrgOptions> Orgs { get; set; } = [];

    public string ApiVersion { get; set; } = "v62.0";

    public SalesforceEndpoint Endpoint { get; set; } = SalesforceEndpoint.ChatterUsersMe;
}

public sealed class SalesforceOrgOptions
{
    public string? OrgId { get; set; }

    /// <summary>The org's My Domain URL, such as https://acme.my.salesforce.com.</summary>
    public string? InstanceUrl { get; set; }
}

/// <summary>Validation cache settings (<c>Cache__TtlSeconds</c>, <c>Cache__Redis</c>).</summary>
public sealed class ValidationCacheOptions
{
    public const string Section = "Cache";

    public const int MaxTtlSeconds = 3600;

    /// <summary>How long a successful validation is reused; 0 turns the cache off.</summary>
    public int TtlSeconds { get; set; } = 60;

    /// <summary>StackExchange.Redis connection string of the shared second level; empty for in-process only.</summary>
    public string? Redis { get; set; }
}

public sealed partial class SalesforceOptionsValidator : IValidateOptions<SalesforceOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ApiVersionPattern().IsMatch(options.ApiVersion ?? string.Empty))
        {
            return ValidateOptionsResult.Fail("Salesforce__ApiVersion must look like v62.0.");
        }

        for (var i = 0; i < options.Orgs.Count; i++)
        {
            var setting = $"Salesforce__Orgs__{i}__InstanceUrl";
            var url = options.Orgs[i].InstanceUrl;
            if (string.IsNullOrWhiteSpace(url))
            {
                return ValidateOptionsResult.Fail($"{setting} is required.");
            }

            if (!TryParseInstanceUrl(url, out _))
            {
                return ValidateOptionsResult.Fail(
                    $"{setting} must be an https URL with no path, query or credentials (http only for loopback hosts).");
            }
        }

        return ValidateOptionsResult.Success;
    }

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

    [GeneratedRegex(@"^v[1-9][0-9]{1,2}\.0$")]
    private static partial Regex ApiVersionPattern();
}

public sealed class ValidationCacheOptionsValidator : IValidateOptions<ValidationCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ValidationCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TtlSeconds is >= 0 and <= ValidationCacheOptions.MaxTtlSeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cache__TtlSeconds must be between 0 (off) and {ValidationCacheOptions.MaxTtlSeconds}.");
    }
}
