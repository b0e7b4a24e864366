using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary><c>Cors__AllowedOrigins__N</c>: the web origins whose pages may call the validator from a browser. None
/// by default, which sends no CORS headers at all (browsers then refuse cross-origin calls).</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    public List<string> AllowedOrigins { get; set; } = [];
}

public sealed class CorsOptionsValidator : IValidateOptions<CorsOptions>
{
    public ValidateOptionsResult Validate(string? name, CorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            if (!ValidatorCors.TryNormalize(options.AllowedOrigins[i], out _))
            {
                // No "*": a page that can hand us a session should be one the operator named.
                return ValidateOptionsResult.Fail(
                    $"Cors__AllowedOrigins__{i} must be an origin such as https://acme.lightning.force.com (scheme, host and port only; no '*').");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
