using System.Net;
using System.Net.Sockets;

namespace K2hr3.Tests.Support;

/// <summary>
/// Free TCP ports on 127.0.0.1 for servers that tests start (and restart) a moment later. They come from below Linux's
/// ephemeral range (32768–60999): a port the OS hands out there can be taken by any outgoing connection in between —
/// the suite makes thousands — and a broker that cannot listen on its port never starts.
/// </summary>
public static class FreePort
{
    private const int First = 21000;
    private const int Last = 32000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port on 127.0.0.1 between {First} and {Last} after 100 tries");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
