using System.Net.Sockets;

namespace K2hr3.Tests.AppHost;

/// <summary>
/// The processes runtime's fixed ports, checked before anything starts: a port another process holds makes its
/// component unavailable with the port and the setting that moves it, instead of a node that never gets healthy.
/// </summary>
public class PortConflictModelTests
{
    private const string CheckPorts = "--K2hr3:CheckPorts=true";

    [Fact]
    public async Task ATakenApiPortNamesThePortAndTheSettingAndTheRestStillRuns()
    {
        using var install = new FakeInstallation();
        using var holder = Listen(out var port);
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, $"--K2hr3:Api:Port={port}", CheckPorts]);

        var api = appHost.Get<K2hr3UnavailableResource>("k2hr3-api");
        Assert.Equal($"port {port} in use by another process (a second AppHost, or one left running?) — stop it, or move with K2hr3:Api:Port", api.Reason);
        appHost.Get<K2hdkcResource>("k2hdkc-0");
        appHost.Get<K2hdkcResource>("k2hdkc-1");
    }

    [Fact]
    public async Task ATakenDataNodePortMakesEveryDataNodeExplainIt()
    {
        using var install = new FakeInstallation();
        using var holder = Listen(out var port);

        // Node 1's control port (BasePort + 3) is the taken one.
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, $"--K2hr3:Dkc:BasePort={port - 3}", $"--K2hr3:Dkc:SlaveControlPort={port + 10}", CheckPorts]);

        foreach (var name in new[] { "k2hdkc-0", "k2hdkc-1" })
        {
            var node = appHost.Get<K2hr3UnavailableResource>(name);
            Assert.Equal($"port {port} in use by another process (a second AppHost, or one left running?) — stop it, or move with K2hr3:Dkc:BasePort", node.Reason);
        }
    }

    [Fact]
    public async Task FreePortsLeaveTheModelAsItIs()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, $"--K2hr3:Dkc:BasePort={FreePort.Next()}", $"--K2hr3:Api:Port={FreePort.Next()}", $"--K2hr3:App:Port={FreePort.Next()}", CheckPorts]);

        Assert.DoesNotContain(appHost.Resources, r => r is K2hr3UnavailableResource && r.Name.StartsWith("k2h", StringComparison.Ordinal));
    }

    [Fact]
    public void APortHeldByAListenerIsNotFreeAndBecomesFreeWhenItCloses()
    {
        int port;
        using (Listen(out port))
        {
            Assert.False(PortConflicts.IsFree(port));
        }

        Assert.True(PortConflicts.IsFree(port));
    }

    /// <summary>Holds a port below the ephemeral range (chmpx needs ≤ 32767) the way another server would.</summary>
    private static TcpListener Listen(out int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            port = FreePort.Next();
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException) when (attempt < 20)
            {
                listener.Dispose();
            }
        }
    }
}
