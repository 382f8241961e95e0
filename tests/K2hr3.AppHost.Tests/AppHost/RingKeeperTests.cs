namespace K2hr3.Tests.AppHost;

/// <summary>
/// The ring keeper's reading of chmpxstatus and its rules (the Helm chart's k2hdkc watcher, plus completing a merge
/// left done); that it keeps the real cluster serving through restarts is shown by DataNodeFaultTests.
/// </summary>
public class RingKeeperTests
{
    [Fact]
    public void ParseReadsTheSelfHostNameAndTheFiveStatusFields()
    {
        // chmpxstatus -conf server-1.ini -ctlport 17023 -self (upstream chmpx 1.0.111), trimmed.
        var status = ChmpxSelfStatus.Parse(RecordedOutput.Chmpxstatus("server-1-self-add-pending.txt"));

        Assert.Equal(new ChmpxSelfStatus("192.0.2.2", "SERVICE IN", "UP", "ADD", "Pending", "NoSuspend"), status);
        Assert.Equal("[SERVICE IN][UP][ADD][Pending][NoSuspend]", status!.Text);
    }

    [Fact]
    public void ParseGivesNullForOutputWithoutAStatus()
        => Assert.Null(ChmpxSelfStatus.Parse("[CHMPX-ERR] Could not attach chmpx shared memory"));

    [Theory]
    [InlineData("SERVICE IN", "ADD", "Pending", "NoSuspend", 10, RingNudge.ServiceOut)]
    [InlineData("SERVICE IN", "ADD", "Pending", "NoSuspend", 9, RingNudge.None)]
    [InlineData("SERVICE OUT", "n/a", "Nothing", "NoSuspend", 10, RingNudge.ServiceIn)]
    [InlineData("SERVICE OUT", "n/a", "Nothing", "Suspend", 60, RingNudge.None)]
    [InlineData("SERVICE OUT", "ADD", "Doing", "NoSuspend", 60, RingNudge.None)]
    [InlineData("SERVICE IN", "ADD", "Done", "NoSuspend", 30, RingNudge.CompleteMerge)]
    [InlineData("SERVICE IN", "ADD", "Done", "NoSuspend", 29, RingNudge.None)]
    [InlineData("SERVICE IN", "n/a", "Nothing", "NoSuspend", 600, RingNudge.None)]
    public void DecideNudgesOnlyANodeStuckLongEnough(string ring, string action, string operation, string suspend, int seconds, RingNudge expected)
    {
        var status = new ChmpxSelfStatus("192.0.2.2", ring, "UP", action, operation, suspend);

        Assert.Equal(expected, RingKeeperPolicy.Decide(status, TimeSpan.FromSeconds(seconds), sinceStatusUpdate: TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void DecidePushesTheStatusOfAServingNodeEveryTwentySeconds()
    {
        var serving = new ChmpxSelfStatus("192.0.2.2", "SERVICE IN", "UP", "n/a", "Nothing", "NoSuspend");

        Assert.Equal(RingNudge.StatusUpdate, RingKeeperPolicy.Decide(serving, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20)));
        Assert.Equal(RingNudge.None, RingKeeperPolicy.Decide(serving, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(19)));
    }

    [Fact]
    public void DecideLeavesADownNodeAlone()
    {
        var down = new ChmpxSelfStatus("192.0.2.2", "SERVICE OUT", "DOWN", "n/a", "Nothing", "NoSuspend");

        Assert.Equal(RingNudge.None, RingKeeperPolicy.Decide(down, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task EveryProcessesDataNodeIsKeptWithItsOwnIniAndControlPort()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:Group=KEEPTEST"]);

        var targets = new[] { "k2hdkc-0", "k2hdkc-1" }.Select(n => appHost.Get(n).Annotations.OfType<RingKeeperAnnotation>().Single().Target).ToList();

        Assert.All(targets, t => Assert.Equal(Path.Combine(install.BinDir, "chmpxlinetool"), t.ChmpxLineTool));
        Assert.All(targets, t => Assert.Equal("KEEPTEST", t.Group));
        Assert.Equal(2, targets.Select(t => t.ControlPort).Distinct().Count());
        Assert.Equal(2, targets.Select(t => t.IniPath).Distinct().Count());
    }
}
