using System.Net;
using System.Net.Sockets;

namespace SfCognitoSso.Testing;

public static class Loopback
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago, and never one this process was handed before:
    /// the system may give a port just released to the next ask, and a stack started on "four free ports" then got
    /// the same one twice.</summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
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
