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

    /// <summary>
    /// A WireMock server on a free loopback port. A port found free can be taken (by another test process's outgoing
    /// connection) before the server binds it, so a failed bind is retried on a new port.
    /// </summary>
    public static WireMock.Server.WireMockServer StartWireMock()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return WireMock.Server.WireMockServer.Start(new WireMock.Settings.WireMockServerSettings
                {
                    Urls = [$"http://127.0.0.1:{FreePort()}"],
                    StartAdminInterface = false,
                });
            }
            catch (WireMock.Exceptions.WireMockException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>A loopback URL where nothing listens: connections are refused at once.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{FreePort()}";
}
