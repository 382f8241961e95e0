using System.Net;
using System.Net.Sockets;

namespace K2hr3.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for servers started by tests (the OS picks them, so parallel runs do not collide).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
