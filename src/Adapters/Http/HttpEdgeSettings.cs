using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>Http__TrustedProxies</c>: a managed front whose own client header is believed — <c>AzureFrontDoor</c>, with
/// <c>Http__FrontDoorId</c> (the profile's ID, as Front Door sends it in <c>X-Azure-FDID</c>). Only a request carrying
/// that ID is keyed by Front Door's <c>X-Azure-SocketIP</c> (the TCP peer Front Door saw; its <c>X-Azure-ClientIP</c>
/// a client can overwrite); any other request keeps the address the connection or <c>ForwardedHeaders__…</c> give.
/// </summary>
public sealed class HttpEdgeSettings
{
    public const string Section = "Http";

    public const string AzureFrontDoor = "AzureFrontDoor";

    public string? TrustedProxies { get; set; }

    public string? FrontDoorId { get; set; }

    /// <summary>The Front Door profile whose requests are keyed by its socket header; null when none is trusted.</summary>
    public string? TrustedFrontDoorId => TrustedProxies == AzureFrontDoor ? FrontDoorId : null;
}

public sealed class HttpEdgeSettingsValidator : IValidateOptions<HttpEdgeSettings>
{
    public ValidateOptionsResult Validate(string? name, HttpEdgeSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.TrustedProxies))
        {
            return string.IsNullOrEmpty(options.FrontDoorId)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Http__FrontDoorId applies only with Http__TrustedProxies=AzureFrontDoor.");
        }

        if (options.TrustedProxies != HttpEdgeSettings.AzureFrontDoor)
        {
            return ValidateOptionsResult.Fail("Http__TrustedProxies must be AzureFrontDoor, or unset (list other proxies in ForwardedHeaders__KnownProxies__N).");
        }

        return Guid.TryParseExact(options.FrontDoorId, "D", out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Http__TrustedProxies=AzureFrontDoor needs Http__FrontDoorId: the Front Door profile's ID (a GUID, the X-Azure-FDID it sends), so a request from another profile cannot choose its rate-limit bucket.");
    }
}
