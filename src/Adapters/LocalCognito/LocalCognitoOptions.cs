using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Adapters.LocalCognito;

/// <summary>The emulated pool and its one app client (<c>LocalStack__…</c>).</summary>
public sealed class LocalCognitoOptions
{
    public const string Section = "LocalStack";

    public const string DefaultUserPoolId = "us-east-1_SfSsoLocal";

    public const string DefaultClientId = "sfssolocal";

    /// <summary>In the real format (<c>region_id</c>): aws-jwt-verify and the client libraries reject anything else.</summary>
    public string UserPoolId { get; set; } = DefaultUserPoolId;

    public string ClientId { get; set; } = DefaultClientId;

    /// <summary>How long a challenge's Session stays usable; Cognito's default is 3 minutes.</summary>
    public int SessionValiditySeconds { get; set; } = 180;

    /// <summary>A PEM file holding the token signing key: read when it exists, written when it does not. Unset, a new
    /// key is made each run (tokens from a previous run then fail verification, as after a key rotation).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The pre token generation event version the pool sends: 1 (ID token claims) or 2 (ID and access).</summary>
    public int PreTokenGenerationVersion { get; set; } = 2;

    public string Region => CognitoIds.RegionOf(UserPoolId) ?? string.Empty;

    /// <summary>The issuer real Cognito uses, even on loopback, so apps verify these tokens unchanged.</summary>
    public string Issuer => $"https://cognito-idp.{Region}.amazonaws.com/{UserPoolId}";

    public TimeSpan SessionValidity => TimeSpan.FromSeconds(SessionValiditySeconds);
}

public sealed class LocalCognitoOptionsValidator : IValidateOptions<LocalCognitoOptions>
{
    public const int MinSessionValiditySeconds = 10;

    public const int MaxSessionValiditySeconds = 900;

    public ValidateOptionsResult Validate(string? name, LocalCognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (CognitoIds.RegionOf(options.UserPoolId) is null)
        {
            return ValidateOptionsResult.Fail("LocalStack__UserPoolId must look like us-east-1_SfSsoLocal (region, '_', letters and digits).");
        }

        if (!CognitoIds.IsValidClientId(options.ClientId))
        {
            return ValidateOptionsResult.Fail("LocalStack__ClientId must be 1 to 128 letters, digits, '_' or '+'.");
        }

        if (options.PreTokenGenerationVersion is not (1 or 2))
        {
            return ValidateOptionsResult.Fail("LocalStack__PreTokenGenerationVersion must be 1 or 2.");
        }

        return options.SessionValiditySeconds is >= MinSessionValiditySeconds and <= MaxSessionValiditySeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"LocalStack__SessionValiditySeconds must be between {MinSessionValiditySeconds} and {MaxSessionValiditySeconds}.");
    }
}
