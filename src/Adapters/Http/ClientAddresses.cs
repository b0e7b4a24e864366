using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Who the client is, for rate limiting: the connection's address, unless that is a configured proxy, in which case
/// <c>X-Forwarded-For</c> is walked from the right, past configured proxies, to the first address nobody vouches for.
/// A header from anyone else is ignored, so a client cannot pick its own rate-limit bucket.
/// </summary>
public sealed class ClientAddresses(IOptions<ForwardedHeadersSettings> options)
{
    private readonly IPAddress[] proxies = [.. options.Value.KnownProxies.Select(IPAddress.Parse).Select(Normalize)];
    private readonly IPNetwork[] networks = [.. options.Value.KnownNetworks.Select(network => IPNetwork.Parse(network))];

    public string Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : IPAddress.None;
        if (!IsTrusted(address))
        {
            return address.ToString();
        }

        var hops = context.Request.Headers["X-Forwarded-For"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                break;
            }

            address = Normalize(hop);
            if (!IsTrusted(address))
            {
                break;
            }
        }

        return address.ToString();
    }

    private bool IsTrusted(IPAddress address) =>
        proxies.Contains(address) || networks.Any(network => network.Contains(address));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
