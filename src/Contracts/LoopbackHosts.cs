using System.Net;

namespace SfCognitoSso.Contracts;

/// <summary>
/// The one loopback rule: <c>localhost</c> or a loopback IP literal (any of 127.0.0.0/8, <c>::1</c>, bracketed or
/// not). Where plain http is allowed, and where a local stand-in may answer, it is only on these hosts.
/// </summary>
public static class LoopbackHosts
{
    /// <summary>Whether a host name or address is this machine: <c>localhost</c>, 127.0.0.0/8 or <c>::1</c>.</summary>
    public static bool IsLoopback(string? host) =>
        host is not null
        && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    /// <summary>Whether an absolute URL's host is this machine.</summary>
    public static bool IsLoopback(Uri? url) => url is { IsAbsoluteUri: true } && IsLoopback(url.Host);

    /// <summary>The one rule for where a session or a secret may be sent: an absolute https URL, or plain http on this
    /// machine only.</summary>
    public static bool IsHttpsOrLoopback(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)));
}
