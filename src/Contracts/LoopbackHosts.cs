using System.Net;

namespace SfCognitoSso.Contracts;

/// <summary>
/// The one loopback rule: <c>localhost</c> or a loopback IP literal (any of 127.0.0.0/8, <c>::1</c>, bracketed or
/// not). Where plain http is allowed, and where a local stand-in may answer, it is only on these hosts.
/// </summary>
public static class LoopbackHosts
{
    public static bool IsLoopback(string? host) =>
        host is not null
        && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    public static bool IsLoopback(Uri? url) => url is { IsAbsoluteUri: true } && IsLoopback(url.Host);
}
