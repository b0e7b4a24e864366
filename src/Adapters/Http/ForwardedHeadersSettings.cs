using System.Net;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>ForwardedHeaders__KnownProxies__N</c> (addresses) and <c>ForwardedHeaders__KnownNetworks__N</c> (CIDR): the only
/// peers whose <c>X-Forwarded-For</c> is believed. With none configured, the connection's address is the client.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];
}

public sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                return ValidateOptionsResult.Fail($"ForwardedHeaders__KnownProxies__{i} must be an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                return ValidateOptionsResult.Fail($"ForwardedHeaders__KnownNetworks__{i} must be a CIDR range such as 10.0.0.0/8.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
