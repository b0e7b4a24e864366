using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary><c>RateLimit__PermitPerMinute</c>: validations one client address may make per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int PermitPerMinute { get; set; } = 120;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PermitPerMinute is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("RateLimit__PermitPerMinute must be between 1 and 1000000.");
    }
}
