using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Who the client is, for rate limiting: the connection's address, unless that is a configured proxy, in which case
/// <c>X-Forwarded-For</c> is walked from the right, past configured proxies, to the first address nobody vouches for.
/// A header from anyone else is ignored, so a client cannot pick its own rate-limit bucket. Entries with a port
/// (<c>198.51.100.1:5555</c>, <c>[2001:db8::1]:443</c>) are read as their address. An IPv6 client is its /64: one
/// subscriber holds a whole /64, so rotating addresses inside it must not buy a fresh bucket. Behind a trusted Azure
/// Front Door (<see cref="HttpEdgeSettings"/>), a request carrying its profile ID is Front Door's socket peer.
/// </summary>
public sealed class ClientAddresses(IOptions<ForwardedHeadersSettings> options, IOptions<HttpEdgeSettings> edge)
{
    private readonly string? frontDoorId = edge.Value.TrustedFrontDoorId;

    private readonly IPAddress[] proxies = [.. options.Value.KnownProxies.Select(IPAddress.Parse).Select(Normalize)];
    private readonly IPNetwork[] networks = [.. options.Value.KnownNetworks.Select(network => IPNetwork.Parse(network))];

    /// <summary>The client's address; compared by value, so it keys a rate-limit bucket without being formatted.</summary>
    public IPAddress Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (frontDoorId is not null && FromFrontDoor(context.Request.Headers) is { } socket)
        {
            return Bucket(socket);
        }

        var address = context.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : IPAddress.None;
        if (!IsTrusted(address))
        {
            return Bucket(address);
        }

        var hops = context.Request.Headers["X-Forwarded-For"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (!TryParseHop(hops[i], out var hop))
            {
                break;
            }

            address = Normalize(hop);
            if (!IsTrusted(address))
            {
                break;
            }
        }

        return Bucket(address);
    }

    /// <summary>Front Door's socket peer, when the request carries this deployment's profile ID (exactly one of each).</summary>
    private IPAddress? FromFrontDoor(IHeaderDictionary headers) =>
        headers["X-Azure-FDID"] is { Count: 1 } id && string.Equals(id[0], frontDoorId, StringComparison.OrdinalIgnoreCase)
        && headers["X-Azure-SocketIP"] is { Count: 1 } socket && IPAddress.TryParse(socket[0], out var address)
            ? Normalize(address)
            : null;

    /// <summary>An address, optionally with a port: <c>a.b.c.d[:port]</c>, <c>v6</c> or <c>[v6][:port]</c>.</summary>
    internal static bool TryParseHop(ReadOnlySpan<char> hop, out IPAddress address)
    {
        address = IPAddress.None;
        if (hop.StartsWith("["))
        {
            var close = hop.IndexOf(']');
            if (close < 0 || (close + 1 < hop.Length && (hop[close + 1] != ':' || !ushort.TryParse(hop[(close + 2)..], out _))))
            {
                return false;
            }

            hop = hop[1..close];
        }
        else if (hop.Count(':') == 1)
        {
            var colon = hop.IndexOf(':');
            if (!ushort.TryParse(hop[(colon + 1)..], out _))
            {
                return false;
            }

            hop = hop[..colon];
        }

        if (!IPAddress.TryParse(hop, out var parsed))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>IPv4 as is; IPv6 cut to its /64.</summary>
    internal static IPAddress Bucket(IPAddress address) => Prefix(address, 8) ?? address;

    /// <summary>The /48 of an IPv6 client (the coarser, second rate-limit bucket); null for IPv4 and loopback.</summary>
    internal static IPAddress? Network48(IPAddress client) => Prefix(client, 6);

    /// <summary>The first <paramref name="bytes"/> bytes of an IPv6 address, the rest zero; null for IPv4 and loopback.</summary>
    private static IPAddress? Prefix(IPAddress address, int bytes)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return null;
        }

        Span<byte> value = stackalloc byte[16];
        address.TryWriteBytes(value, out _);
        value[bytes..].Clear();
        return new IPAddress(value);
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
