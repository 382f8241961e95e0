namespace K2hr3.Tests.Containers;

/// <summary>eng/podman-rlimits.sh, which .ci/setup-machine runs: the containers.conf settings Podman needs here.</summary>
public sealed class PodmanSetupTests
{
    private static readonly string Script = Path.Combine(TestData.RepositoryRoot, "eng", "podman-rlimits.sh");

    [Fact]
    public async Task AMissingFileGetsTheLimitsAndASecondRunChangesNothing()
    {
        using var dir = new TempDirectory();
        var conf = dir.Combine("containers.conf");

        var first = await CommandLine.RunAsync("bash", [Script, conf], TimeSpan.FromSeconds(30));
        var written = File.ReadAllText(conf);
        var second = await CommandLine.RunAsync("bash", [Script, conf], TimeSpan.FromSeconds(30));

        Assert.True(first.Succeeded, first.Output);
        Assert.Contains("[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=4096:4096\"]\n", written, StringComparison.Ordinal);
        Assert.True(second.Succeeded, second.Output);
        Assert.Equal(string.Empty, second.Output);
        Assert.Equal(written, File.ReadAllText(conf));
    }

    [Fact]
    public async Task OtherSettingsStayAndLimitsWithoutNprocAreReplacedInTheirSection()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("containers.conf", "[containers]\nlog_size_max = -1\ndefault_ulimits = [\"nofile=1024:1024\"]\n\n[network]\nnetwork_backend = \"netavark\"\n");

        var result = await CommandLine.RunAsync("bash", [Script, conf], TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.Output);
        var text = File.ReadAllText(conf);
        Assert.StartsWith("[containers]\nlog_size_max = -1\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=4096:4096\"]\n\n[network]\nnetwork_backend = \"netavark\"\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nofile=1024", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitsThatAlreadyNameNprocAreKept()
    {
        using var dir = new TempDirectory();
        const string Own = "[containers]\ndefault_ulimits = [\"nproc=8192:8192\"]\n";
        var conf = dir.Write("containers.conf", Own);

        var result = await CommandLine.RunAsync("bash", [Script, conf], TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.Output);
        Assert.StartsWith(Own, File.ReadAllText(conf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereNetavarkIsInstalledItIsTheNetworkBackendAndAnOwnChoiceIsKept()
    {
        using var dir = new TempDirectory();
        var helpers = dir.Combine("podman-helpers");
        Directory.CreateDirectory(helpers);
        var conf = dir.Combine("containers.conf");
        var own = dir.Write("own.conf", "[network]\nnetwork_backend = \"cni\"\n");
        var without = dir.Combine("without.conf");
        var environment = new Dictionary<string, string> { ["PODMAN_HELPER_DIR"] = helpers };

        // No netavark among podman's helpers: nothing about the network is written.
        var absent = await CommandLine.RunAsync("bash", [Script, without], TimeSpan.FromSeconds(30), environment);
        FakeInstallation.WriteExecutable(Path.Combine(helpers, "netavark"), "#!/bin/sh\n");
        var present = await CommandLine.RunAsync("bash", [Script, conf], TimeSpan.FromSeconds(30), environment);
        var kept = await CommandLine.RunAsync("bash", [Script, own], TimeSpan.FromSeconds(30), environment);

        Assert.True(absent.Succeeded && present.Succeeded && kept.Succeeded, absent.Output + present.Output + kept.Output);
        Assert.DoesNotContain("[network]", File.ReadAllText(without), StringComparison.Ordinal);
        Assert.Contains("[network]\nnetwork_backend = \"netavark\"\n", File.ReadAllText(conf), StringComparison.Ordinal);
        Assert.StartsWith("[network]\nnetwork_backend = \"cni\"\n", File.ReadAllText(own), StringComparison.Ordinal);
    }
}
