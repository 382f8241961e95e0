namespace K2hr3.Tests.AppHost;

/// <summary>The data nodes' fault commands and storage text in the model (no DCP); the real-stack runs are in DataNodeFaultTests.</summary>
public class DataNodeCommandModelTests
{
    [Fact]
    public async Task EveryProcessesDataNodeHasShowRingAndItsChmpxIsStoppedAndStartedWithIt()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:Nodes=3"]);

        foreach (var name in new[] { "k2hdkc-0", "k2hdkc-1", "k2hdkc-2" })
        {
            var node = appHost.Get<K2hdkcResource>(name);
            var commands = node.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToArray();
            Assert.Contains(ShowRingCommand.Name, commands);

            // Aspire adds its own Stop/Start to every executable when DCP runs it; stopping k2hdkc takes this chmpx along
            // and starting it brings that back first, so the node is one thing to stop and start (DataNodeFaultTests).
            Assert.Same(appHost.Get<ChmpxResource>($"{name}-chmpx"), node.Annotations.OfType<DataNodeAnnotation>().Single().Chmpx);
        }
    }

    [Fact]
    public async Task EveryContainerDataNodeHasShowRing()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}");

        Assert.Contains(appHost.Get("k2hdkc-0").Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == ShowRingCommand.Name && c.DisplayName == "Show ring");
        Assert.Contains(appHost.Get("k2hdkc-1").Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == ShowRingCommand.Name);
    }

    [Fact]
    public async Task MemoryStorageIsShownAsVolatileAndFileStorageNamesTheFile()
    {
        using var install = new FakeInstallation();
        await using var memory = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:Storage=Memory"]);
        await using var file = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:Storage=File"]);

        var volatileText = memory.Get("k2hdkc-1").Annotations.OfType<DataNodeAnnotation>().Single().Storage;
        Assert.StartsWith("memory — volatile:", volatileText, StringComparison.Ordinal);
        Assert.Contains("K2hr3:Dkc:Storage=File keeps it", volatileText, StringComparison.Ordinal);

        var fileText = file.Get("k2hdkc-1").Annotations.OfType<DataNodeAnnotation>().Single().Storage;
        Assert.Equal($"file {Path.Combine(install.DataDir, "k2hdkc", "k2hdkc-1.k2h")} (kept across restarts)", fileText);
    }

    [Fact]
    public void RingSummaryNamesEachServerByItsResourceWithRingAndLiveStatus()
    {
        var topology = DkcTopology.ForProcesses(new K2hdkcOptions(), "/data/k2hdkc");

        // chmpxstatus -conf server-0.ini -ctlport 18021 (upstream chmpx 1.0.110) with node 1 stopped, trimmed.
        var output = RecordedOutput.Chmpxstatus("server-0-with-node-1-stopped.txt");

        Assert.Equal(
            "k2hdkc-0 [SERVICE OUT][UP]; k2hdkc-1 [SERVICE OUT][DOWN]; slave [SLAVE][UP]",
            ShowRingCommand.Summarize(output, topology));
        Assert.Equal("no chmpx listed", ShowRingCommand.Summarize("[ERR] could not attach", topology));
    }

    [Fact]
    public void RingSummaryNamesContainerServersByAliasWhereEveryNodeHasTheSameControlPort()
    {
        var topology = DkcTopology.ForContainers(new K2hdkcOptions(), "k2hr3-api");

        // chmpxstatus on k2hdkc-0 in containers (upstream chmpx 1.0.111, CHMPXIDTYPE = CUSTOM), trimmed: every server
        // has control port 8021; chmpx holds its peer under the address the alias had (no reverse DNS on the network).
        var output = RecordedOutput.Chmpxstatus("container-k2hdkc-0-peers-by-address.txt");

        Assert.Equal(
            "k2hdkc-0 [SERVICE IN][UP]; k2hdkc-1 (10.89.0.4) [SERVICE OUT][DOWN]; 10.89.0.9:8021 [SERVICE OUT][DOWN]; slave [SLAVE][UP]",
            ShowRingCommand.Summarize(output, topology));
    }
}
