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

    /// <summary>The client's address; compared by value, so it keys a rate-limit bucket without being formatted.</summary>
    public IPAddress Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : IPAddress.None;
        if (!IsTrusted(address))
        {
            return address;
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

        return address;
    }

    private bool IsTrusted(IPAddress address)
    {
        // Loops rather than LINQ: this runs on every request, and usually over empty lists.
        foreach (var proxy in proxies)
        {
            if (proxy.Equals(address))
            {
                return true;
            }
        }

        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
