using System.Net;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Validation cache settings (<c>Cache__TtlSeconds</c>, <c>Cache__Redis</c>, <c>Cache__SigningKey</c>).</summary>
public sealed class ValidationCacheOptions
{
    public const string Section = "Cache";

    /// <summary>The longest a Salesforce revocation can go unnoticed by a sign-in.</summary>
    public const int MaxTtlSeconds = 60;

    public const int MinSigningKeyBytes = 32;

    /// <summary>How long a successful validation is reused; 0 turns the cache off.</summary>
    public int TtlSeconds { get; set; } = 15;

    /// <summary>StackExchange.Redis connection string of the shared second level; empty for in-process only.</summary>
    public string? Redis { get; set; }

    /// <summary>Base64 key (≥ 32 bytes) for the HMAC every entry carries; required with <see cref="Redis"/>, since
    /// whoever can write to Redis could otherwise mint a sign-in. Share it between the validator and the triggers.</summary>
    public string? SigningKey { get; set; }

    internal byte[]? SigningKeyBytes()
    {
        try
        {
            return string.IsNullOrWhiteSpace(SigningKey) ? null : Convert.FromBase64String(SigningKey.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed class ValidationCacheOptionsValidator : IValidateOptions<ValidationCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ValidationCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TtlSeconds is < 0 or > ValidationCacheOptions.MaxTtlSeconds)
        {
            return ValidateOptionsResult.Fail($"Cache__TtlSeconds must be between 0 (off) and {ValidationCacheOptions.MaxTtlSeconds}.");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey) && options.SigningKeyBytes() is not { Length: >= ValidationCacheOptions.MinSigningKeyBytes })
        {
            return ValidateOptionsResult.Fail($"Cache__SigningKey must be base64 of at least {ValidationCacheOptions.MinSigningKeyBytes} random bytes (openssl rand -base64 32).");
        }

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return ValidateOptionsResult.Success;
        }

        if (options.SigningKeyBytes() is null)
        {
            return ValidateOptionsResult.Fail(
                $"Cache__SigningKey is required when Cache__Redis is set: base64 of at least {ValidationCacheOptions.MinSigningKeyBytes} random bytes, the same for the validator and the triggers.");
        }

        return UsesTlsOrLoopback(options.Redis)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Cache__Redis must use TLS (ssl=true) for a Redis that is not on loopback.");
    }

    /// <summary>StackExchange.Redis syntax: endpoints (host[:port]) and key=value options, comma-separated.</summary>
    private static bool UsesTlsOrLoopback(string connection)
    {
        var parts = connection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(part => part.Equals("ssl=true", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var endpoints = parts.Where(part => !part.Contains('=', StringComparison.Ordinal)).ToList();
        return endpoints.Count > 0 && endpoints.All(IsLoopback);
    }

    private static bool IsLoopback(string endpoint)
    {
        var host = endpoint.StartsWith('[') ? endpoint[1..endpoint.IndexOf(']', StringComparison.Ordinal)]
            : endpoint.Count(c => c == ':') == 1 ? endpoint[..endpoint.IndexOf(':', StringComparison.Ordinal)]
            : endpoint;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
