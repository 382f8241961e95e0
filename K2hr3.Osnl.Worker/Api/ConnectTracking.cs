using System.Net.Sockets;

namespace K2hr3.Osnl.Worker.Api;

/// <summary>
/// Tells a connect time-out from a read time-out. Upstream (urllib) treats a connect time-out as final and only a
/// read time-out as temporary; HttpClient reports both as a cancellation, so the connect step marks the request
/// once the TCP connection is up.
/// </summary>
internal static class ConnectTracking
{
    private static readonly HttpRequestOptionsKey<ConnectProgress> ConnectedKey = new("k2hr3.osnl.connected");

    /// <summary>Attach before sending; <see cref="WasConnected"/> reads it after a time-out.</summary>
    public static void Track(HttpRequestMessage request) => request.Options.Set(ConnectedKey, new ConnectProgress());

    /// <summary>
    /// True when a connection had been made for the request; also true for a request that reused a pooled connection
    /// (no connect step at all), since then only the response can have been late. The connect task's own state is asked,
    /// not a flag set after awaiting it: under thread-pool pressure that continuation may run after the time-out.
    /// </summary>
    public static bool WasConnected(HttpRequestMessage request)
        => !request.Options.TryGetValue(ConnectedKey, out var box) || box.Connect is not { } connect || connect.IsCompletedSuccessfully;

    /// <summary>SocketsHttpHandler.ConnectCallback: the default TCP connect, recording progress on the request.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var connect = socket.ConnectAsync(context.DnsEndPoint, cancellationToken).AsTask();
            if (context.InitialRequestMessage.Options.TryGetValue(ConnectedKey, out var box))
            {
                box.Connect = connect;
            }

            await connect.ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class ConnectProgress
    {
        public volatile Task? Connect;
    }
}
