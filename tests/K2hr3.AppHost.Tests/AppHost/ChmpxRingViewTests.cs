namespace K2hr3.Tests.AppHost;

/// <summary>
/// A chmpx's view of the ring, and when a client of it may rely on it. The statuses are ones seen on this machine:
/// at cold starts an API's slave held a server at <c>[ADD][Doing]</c> or <c>[ADD][Done]</c> for minutes after the node
/// itself reported <c>[n/a][Nothing]</c>, and the API started and wrote meanwhile.
/// </summary>
public class ChmpxRingViewTests
{
    private const string Merged = "[SERVICE IN][UP][n/a][Nothing][NoSuspend]";

    [Fact]
    public void ViewListsSelfAndEveryServerByHostAndControlPort()
    {
        var view = ChmpxRingView.Parse(SlaveOutput("[SERVICE IN][UP][ADD][Doing][NoSuspend]"))!;

        Assert.Equal("[SLAVE][UP][n/a][Nothing][NoSuspend]", view.Self.Text);
        Assert.Equal(["192.0.2.2:18021 " + Merged, "192.0.2.2:18023 [SERVICE IN][UP][ADD][Doing][NoSuspend]"], view.Servers.Select(s => $"{s.Name} {s.Status.Text}"));
    }

    [Theory]
    [InlineData(Merged, null)]
    [InlineData("[SERVICE IN][UP][ADD][Doing][NoSuspend]", "it sees server 192.0.2.2:18023 at [SERVICE IN][UP][ADD][Doing][NoSuspend]")]
    [InlineData("[SERVICE IN][UP][ADD][Done][NoSuspend]", "it sees server 192.0.2.2:18023 at [SERVICE IN][UP][ADD][Done][NoSuspend]")]
    [InlineData("[SERVICE OUT][UP][n/a][Nothing][NoSuspend]", "it sees server 192.0.2.2:18023 at [SERVICE OUT][UP][n/a][Nothing][NoSuspend]")]
    [InlineData("[SERVICE IN][DOWN][n/a][Nothing][NoSuspend]", "it sees server 192.0.2.2:18023 at [SERVICE IN][DOWN][n/a][Nothing][NoSuspend]")]
    public void SlaveIsSettledOnlyWhenItSeesEveryServerUpInServiceAndMerged(string secondServer, string? unsettled)
        => Assert.Equal(unsettled, ChmpxRingView.Parse(SlaveOutput(secondServer))!.Unsettled(everyServerInService: true));

    [Theory]
    [InlineData(Merged, Merged, null)]
    [InlineData(Merged, "[SERVICE OUT][DOWN][n/a][Nothing][NoSuspend]", null)]
    [InlineData(Merged, "[SERVICE IN][DOWN][n/a][Nothing][NoSuspend]", null)]
    [InlineData(Merged, "[SERVICE IN][UP][ADD][Doing][NoSuspend]", "it sees server 192.0.2.2:18023 at [SERVICE IN][UP][ADD][Doing][NoSuspend]")]
    [InlineData("[SERVICE IN][UP][ADD][Done][NoSuspend]", Merged, "[SERVICE IN][UP][ADD][Done][NoSuspend]")]
    public void ServerIsSettledWhenItsJoinIsDoneAndNoServerInServiceIsJoining(string self, string peer, string? unsettled)
    {
        var output = "chmpx name = K2HR3DKC\n"
            + "self chmpx = {\n  chmpxid = 0x4ff01398dfd0e23d\n  hostname = 192.0.2.2\n  control port = 18021\n"
            + $"  status = SAFE -> {self}\n}}\n"
            + "server chmpxs [ 2 ] = {\n" + Server(0, 18021, self) + Server(1, 18023, peer) + "}\n";

        Assert.Equal(unsettled, ChmpxRingView.Parse(output)!.Unsettled(everyServerInService: false));
    }

    [Fact]
    public void OutputWithoutAStatusIsNoView()
        => Assert.Null(ChmpxRingView.Parse("[ERR] Could not initialize(attach) chmpx shared memory.\n"));

    /// <summary>chmpxstatus -conf slave.ini -ctlport 18031 (upstream chmpx 1.0.111) with two servers, trimmed.</summary>
    internal static string SlaveOutput(string secondServer) => $$"""
        chmpx name                                   = K2HR3DKC
        last using random chmpxid                    = 0xffffffffffffffff
        self chmpx = {
          chmpxid                                    = 0x4ff0a0a1dfd0e23d
          hostname                                   = 192.0.2.2
          control port                               = 18031
          last status update time                    = 30140564947466311 (unix time)
          status                                     = SAFE -> [SLAVE][UP][n/a][Nothing][NoSuspend]
        }
        server chmpxs [ 2 ] = {
        {{Server(0, 18021, Merged)}}{{Server(1, 18023, secondServer)}}}
        slave chmpxs [ 0 ] = {
        }
        """;

    /// <summary>One server entry as chmpxstatus prints it (port is the control port; the data port is the one below).</summary>
    private static string Server(int index, int controlPort, string status) =>
        $"  [{index}] = {{\n    hostname = 192.0.2.2\n    port = {controlPort - 1}\n    control port = {controlPort}\n"
        + $"    last status update time = 30140564947466311 (unix time)\n    status = SAFE -> {status}\n  }}\n";
}
