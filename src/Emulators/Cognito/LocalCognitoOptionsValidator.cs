using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>Checks the emulated pool's settings; each message names the setting as the host that gave it spells it
/// (<paramref name="settingsPrefix"/>, e.g. <c>CognitoEmulator</c> or the local stack's <c>LocalStack</c>).</summary>
public sealed class LocalCognitoOptionsValidator(string settingsPrefix) : IValidateOptions<LocalCognitoOptions>
{
    public const int MinSessionValiditySeconds = 10;

    public const int MaxSessionValiditySeconds = 900;

    public LocalCognitoOptionsValidator()
        : this(LocalCognitoOptions.Section)
    {
    }

    public ValidateOptionsResult Validate(string? name, LocalCognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (CognitoIds.RegionOf(options.UserPoolId) is null)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__UserPoolId must look like {LocalStackDefaults.UserPoolId} (region, '_', letters and digits).");
        }

        if (!CognitoIds.IsValidClientId(options.ClientId))
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__ClientId must be 1 to 128 letters, digits, '_' or '+'.");
        }

        // Cognito's own bounds: access and ID tokens 5 minutes to 1 day, refresh tokens 1 hour to 10 years.
        if (options.AccessTokenMinutes is < 5 or > 24 * 60)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__AccessTokenMinutes must be from 5 to 1440, as Cognito allows.");
        }

        if (options.RefreshTokenHours is < 1 or > 10 * 365 * 24)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__RefreshTokenHours must be from 1 to 87600, as Cognito allows.");
        }

        if (string.IsNullOrEmpty(options.ConfidentialClientId) != string.IsNullOrEmpty(options.ConfidentialClientSecret)
            || (options.ConfidentialClientId is { Length: > 0 } confidential && (!CognitoIds.IsValidClientId(confidential) || confidential == options.ClientId)))
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__ConfidentialClientId and __ConfidentialClientSecret go together, and name a client ID other than __ClientId.");
        }

        if (options.RefreshTokenRetryGraceSeconds is < 0 or > 60)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__RefreshTokenRetryGraceSeconds must be from 0 to 60, as Cognito allows.");
        }

        if (options.TriggerDelayMs is < 0 or > 10_000)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__TriggerDelayMs must be from 0 to 10000.");
        }

        if (options.TriggerRepeats is < 0 or > 2)
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__TriggerRepeats must be 0, 1 or 2.");
        }

        if (options.PreTokenGenerationVersion is not (1 or 2))
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__PreTokenGenerationVersion must be 1 or 2.");
        }

        if (options.CustomAttributes.Any(attribute => attribute is not { Length: > 7 and <= 27 } || !attribute.StartsWith("custom:", StringComparison.Ordinal)))
        {
            return ValidateOptionsResult.Fail($"{settingsPrefix}__CustomAttributes__N must each be custom:<name>, the name 1 to 20 characters.");
        }

        return options.SessionValiditySeconds is >= MinSessionValiditySeconds and <= MaxSessionValiditySeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{settingsPrefix}__SessionValiditySeconds must be between {MinSessionValiditySeconds} and {MaxSessionValiditySeconds}.");
    }
}
