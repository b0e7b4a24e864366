using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary><c>RateLimit__PermitPerMinute</c>: validations one client address (an IPv6 /64) may make per minute;
/// <c>RateLimit__MaxConcurrent</c>: validations in progress at once on this instance, whoever asks.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public int PermitPerMinute { get; set; } = 120;

    /// <summary>Validations one IPv6 /48 may make per minute, across all its /64s: whoever holds a /48 holds 65,536
    /// /64s, and without this second, coarser bucket could spend that many allowances (and fill
    /// <see cref="MaxConcurrent"/>, locking everyone out). 0: eight times <see cref="PermitPerMinute"/>.</summary>
    public int PermitPerMinutePer48 { get; set; }

    public int ResolvedPermitPerMinutePer48 => PermitPerMinutePer48 > 0 ? PermitPerMinutePer48 : (int)Math.Min(1_000_000L * 8, PermitPerMinute * 8L);

    /// <summary>Beyond it a request gets 503 <c>server_busy</c> at once, rather than queueing behind a slow
    /// Salesforce until every client times out.</summary>
    public int MaxConcurrent { get; set; } = 256;

    /// <summary>With Redis, how often an instance trades capacity with the others (one script call): the longest a
    /// request past this instance's permits waits is three of these (two syncs).</summary>
    public int SyncMilliseconds { get; set; } = 200;

    /// <summary>Redis (<c>Cache__Redis</c>, not a setting of its own): with it the limits hold for the whole
    /// deployment.</summary>
    public string? Redis { get; set; }
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

        if (options.PermitPerMinutePer48 is < 0 or > 8_000_000)
        {
            return ValidateOptionsResult.Fail("RateLimit__PermitPerMinutePer48 must be between 0 (eight times the per-client permit) and 8000000.");
        }

        if (options.SyncMilliseconds is < 20 or > 5_000)
        {
            return ValidateOptionsResult.Fail("RateLimit__SyncMilliseconds must be between 20 and 5000.");
        }

        return options.MaxConcurrent is >= 1 and <= 100_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("RateLimit__MaxConcurrent must be between 1 and 100000.");
    }
}
