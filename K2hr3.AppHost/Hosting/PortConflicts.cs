using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// The processes runtime listens on fixed ports (chmpx cannot take OS-assigned ones: it needs ports ≤ 32767 known in
/// every node's configuration). A second AppHost or a process left running holds them, and the symptom would be a
/// data node that never becomes healthy with nothing saying why; so the ports are checked before anything starts and
/// each component whose port is taken is shown unavailable, naming the port and the setting that moves it.
/// </summary>
internal sealed record PortConflicts(string? Dkc, string? Api, string? App)
{
    public static readonly PortConflicts None = new(null, null, null);

    public static PortConflicts Find(K2hr3ClusterModel model, K2hr3Options options, Func<int, bool> isFree)
    {
        var dkc = model.Dkc.Nodes
            .SelectMany(node => new[] { node.Port, node.ControlPort })
            .Where(port => !isFree(port))
            .ToList();
        var slaveTaken = !isFree(model.Dkc.Slave.ControlPort);
        return new PortConflicts(
            dkc.Count == 0 ? null : Taken(dkc, "K2hr3:Dkc:BasePort"),
            Join(
                isFree(options.Api.Port) ? null : Taken([options.Api.Port], "K2hr3:Api:Port"),
                slaveTaken ? Taken([model.Dkc.Slave.ControlPort], "K2hr3:Dkc:SlaveControlPort") : null),
            isFree(options.App.Port) ? null : Taken([options.App.Port], "K2hr3:App:Port"));
    }

    /// <summary>Whether a TCP listener could bind <paramref name="port"/> on every interface right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // A port whose last connection is in TIME_WAIT is free for a server (chmpx and node set this too).
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Taken(IReadOnlyList<int> ports, string setting)
    {
        var list = string.Join(", ", ports.Select(port => port.ToString(CultureInfo.InvariantCulture)));
        var noun = ports.Count == 1 ? "port" : "ports";
        return $"{noun} {list} in use by another process (a second AppHost, or one left running?) — stop it, or move with {setting}";
    }

    private static string? Join(string? first, string? second)
        => first is null ? second : second is null ? first : $"{first}; {second}";
}
