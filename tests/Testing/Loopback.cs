using System.Net;
using System.Net.Sockets;

namespace SfCognitoSso.Testing;

public static class Loopback
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback URL where nothing listens: connections are refused at once.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{FreePort()}";
}
