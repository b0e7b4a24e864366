using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary><c>RateLimit__PermitPerMinute</c>: validations one client address (an IPv6 /64) may make per minute;
/// <c>RateLimit__MaxConcurrent</c>: validations in progress at once on this instance, whoever asks.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int PermitPerMinute { get; set; } = 120;

    /// <summary>Beyond it a request gets 503 <c>server_busy</c> at once, rather than queueing behind a slow
    /// Salesforce until every client times out.</summary>
    public int MaxConcurrent { get; set; } = 256;
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PermitPerMinute is < 1 or > 1_000_000)
        {
            return ValidateOptionsResult.Fail("RateLimit__PermitPerMinute must be between 1 and 1000000.");
        }

        return options.MaxConcurrent is >= 1 and <= 100_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("RateLimit__MaxConcurrent must be between 1 and 100000.");
    }
}
