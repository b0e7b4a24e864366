using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>Validation cache settings (<c>Cache__TtlSeconds</c>, <c>Cache__Redis</c>); shared entries are signed with
/// the validator's ES256 key (<see cref="TicketKeyOptions"/>).</summary>
public sealed class ValidationCacheOptions
{
    public const string Section = "Cache";

    /// <summary>The longest a Salesforce revocation can go unnoticed by a sign-in.</summary>
    public const int MaxTtlSeconds = 60;

    /// <summary>How long a successful validation is reused; 0 turns the cache off.</summary>
    public int TtlSeconds { get; set; } = 15;

    /// <summary>StackExchange.Redis connection string of the shared second level; empty for in-process only.</summary>
    public string? Redis { get; set; }

    /// <summary>The symmetric key of earlier versions, refused at start-up: whoever could read it could mint sign-ins.</summary>
    public string? SigningKey { get; set; }
}

public sealed class ValidationCacheOptionsValidator(IOptions<TicketKeyOptions> keys) : IValidateOptions<ValidationCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ValidationCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TtlSeconds is < 0 or > ValidationCacheOptions.MaxTtlSeconds)
        {
            return ValidateOptionsResult.Fail($"Cache__TtlSeconds must be between 0 (off) and {ValidationCacheOptions.MaxTtlSeconds}.");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                "Cache__SigningKey is no longer used (a shared symmetric key lets whoever reads it mint sign-ins): remove it; shared entries are signed with Ticket__SigningKey on the validator and checked with Ticket__PublicKeys__N on the triggers.");
        }

        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(keys.Value.SigningKey) && keys.Value.PublicKeys.All(string.IsNullOrWhiteSpace))
        {
            return ValidateOptionsResult.Fail(
                "Cache__Redis needs the validator's ES256 key: Ticket__SigningKey on the validator (it signs shared entries), Ticket__PublicKeys__N on the triggers (they only check them).");
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
        return LoopbackHosts.IsLoopback(host);
    }
}
