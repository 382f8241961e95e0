using System.Net.Sockets;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// Tells a connect time-out from a read time-out. Upstream (urllib) treats a connect time-out as final and only a
/// read time-out as temporary; HttpClient reports both as a cancellation, so the connect step marks the request
/// once the TCP connection is up.
/// </summary>
internal static class ConnectTracking
{
    private static readonly HttpRequestOptionsKey<StrongBox> ConnectedKey = new("k2hr3.osnl.connected");

    /// <summary>Attach before sending; <see cref="WasConnected"/> reads it after a time-out.</summary>
    public static void Track(HttpRequestMessage request) => request.Options.Set(ConnectedKey, new StrongBox());

    /// <summary>
    /// True when a connection had been made for the request; also true for a request that reused a pooled connection
    /// (no connect step at all), since then only the response can have been late.
    /// </summary>
    public static bool WasConnected(HttpRequestMessage request)
        => !request.Options.TryGetValue(ConnectedKey, out var box) || !box.Connecting || box.Connected;

    /// <summary>SocketsHttpHandler.ConnectCallback: the default TCP connect, recording progress on the request.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        context.InitialRequestMessage.Options.TryGetValue(ConnectedKey, out var box);
        if (box is not null)
        {
            box.Connecting = true;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            if (box is not null)
            {
                box.Connected = true;
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class StrongBox
    {
        public volatile bool Connecting;
        public volatile bool Connected;
    }
}
