using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>Settings under <c>Cognito__…</c>.</summary>
public sealed class CognitoOptions
{
    public const string Section = "Cognito";

    public string? UserPoolId { get; set; }

    /// <summary>Signing region; read from the pool ID (<c>us-east-1_AbC</c>) when not set.</summary>
    public string? Region { get; set; }

    /// <summary>Endpoint override, e.g. cognito-local on loopback. Defaults to https://cognito-idp.{region}.amazonaws.com/.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>With <see cref="WebIdentityAudience"/>: assume this role with a web identity instead of using the
    /// default credential chain (keyless access from Azure).</summary>
    public string? RoleArn { get; set; }

    /// <summary>The audience of the platform token exchanged for the role (the OIDC provider's client ID in IAM).</summary>
    public string? WebIdentityAudience { get; set; }

    /// <summary>STS endpoint override (a stand-in on loopback in tests); defaults to the region's STS.</summary>
    public string? StsServiceUrl { get; set; }

    /// <summary>
    /// <c>Cognito__SignOutRequestsPerSecond</c>: the pace of single sign-out's calls (two per user: the sign-out mark,
    /// then AdminUserGlobalSignOut). Both sit in Cognito's UserUpdate category, 25 requests/s per account and Region,
    /// shared by every pool and not raisable: the default leaves room for the validator's own attribute updates.
    /// </summary>
    public int SignOutRequestsPerSecond { get; set; } = 20;

    internal bool UsesWebIdentity => !string.IsNullOrWhiteSpace(RoleArn);

    internal string ResolvedRegion =>
        string.IsNullOrWhiteSpace(Region) ? CognitoIds.RegionOf(UserPoolId) ?? string.Empty : Region.Trim();

    internal Uri ResolvedEndpoint => string.IsNullOrWhiteSpace(ServiceUrl)
        ? new Uri($"https://cognito-idp.{ResolvedRegion}.amazonaws.com/")
        : new Uri(ServiceUrl);
}

public sealed partial class CognitoOptionsValidator : IValidateOptions<CognitoOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.UserPoolId))
        {
            return ValidateOptionsResult.Fail("Cognito__UserPoolId is required when Directory__Provider is Cognito.");
        }

        if (!CognitoIds.IsValidPoolId(options.UserPoolId))
        {
            return ValidateOptionsResult.Fail("Cognito__UserPoolId must look like us-east-1_AbCdEf123.");
        }

        if (!CognitoIds.IsRegion(options.ResolvedRegion))
        {
            return ValidateOptionsResult.Fail(string.IsNullOrWhiteSpace(options.Region)
                ? "Cognito__Region is required: it cannot be read from Cognito__UserPoolId."
                : "Cognito__Region must be an AWS region such as us-east-1.");
        }

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl) && !IsAllowedServiceUrl(options.ServiceUrl))
        {
            return ValidateOptionsResult.Fail("Cognito__ServiceUrl must be an https URL (http only for loopback hosts).");
        }

        if (string.IsNullOrWhiteSpace(options.RoleArn) != string.IsNullOrWhiteSpace(options.WebIdentityAudience))
        {
            return ValidateOptionsResult.Fail("Cognito__RoleArn and Cognito__WebIdentityAudience go together: set both for web identity access, or neither.");
        }

        if (options.UsesWebIdentity && !RoleArnPattern().IsMatch(options.RoleArn!))
        {
            return ValidateOptionsResult.Fail("Cognito__RoleArn must look like arn:aws:iam::123456789012:role/name.");
        }

        if (options.SignOutRequestsPerSecond is < 1 or > 25)
        {
            return ValidateOptionsResult.Fail("Cognito__SignOutRequestsPerSecond must be between 1 and 25 (Cognito's UserUpdate quota, shared by the account's pools).");
        }

        if (!string.IsNullOrWhiteSpace(options.StsServiceUrl) && !IsAllowedServiceUrl(options.StsServiceUrl))
        {
            return ValidateOptionsResult.Fail("Cognito__StsServiceUrl must be an https URL (http only for loopback hosts).");
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsAllowedServiceUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && OutboundEndpoints.IsAllowed(uri);

    [GeneratedRegex(@"^arn:aws[\w-]*:iam::\d{12}:role/[\w+=,.@/-]+$")]
    private static partial Regex RoleArnPattern();
}
