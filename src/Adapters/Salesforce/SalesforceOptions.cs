using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Which Salesforce resource answers "who is this session?" (<c>Salesforce__Endpoint</c>).</summary>
public enum SalesforceEndpoint
{
    /// <summary><c>GET /services/data/{ApiVersion}/chatter/users/me</c>: id, email, isActive.</summary>
    ChatterUsersMe,

    /// <summary><c>GET /services/oauth2/userinfo</c>: user_id, organization_id, email, email_verified, active.</summary>
    UserInfo,
}

/// <summary>Settings under <c>Salesforce__…</c> that only this adapter reads. The trusted orgs
/// (<c>Salesforce__Orgs__N__…</c>) are Core's: <see cref="Core.Sessions.TrustedOrgsOptions"/>.</summary>
public sealed class SalesforceOptions
{
    public const string Section = "Salesforce";

    public string ApiVersion { get; set; } = "v62.0";

    public SalesforceEndpoint Endpoint { get; set; } = SalesforceEndpoint.ChatterUsersMe;
}

public sealed partial class SalesforceOptionsValidator(IOptions<IdentityOptions> identity) : IValidateOptions<SalesforceOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ApiVersionPattern().IsMatch(options.ApiVersion ?? string.Empty))
        {
            return ValidateOptionsResult.Fail("Salesforce__ApiVersion must look like v62.0.");
        }

        return identity.Value.Key == IdentityKey.Email && options.Endpoint != SalesforceEndpoint.UserInfo
            ? ValidateOptionsResult.Fail(
                "Identity__Key=Email requires Salesforce__Endpoint=UserInfo: only userinfo says whether Salesforce verified an address, and linking users by an unverified one lets any trusted org's admin take over another org's users.")
            : ValidateOptionsResult.Success;
    }

    [GeneratedRegex(@"^v[1-9][0-9]{1,2}\.0$")]
    private static partial Regex ApiVersionPattern();
}
