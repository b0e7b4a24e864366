using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Salesforce;

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
