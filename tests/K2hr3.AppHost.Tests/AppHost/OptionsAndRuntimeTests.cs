namespace K2hr3.Tests.AppHost;

public class OptionsAndRuntimeTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        Assert.Empty(K2hr3OptionsValidator.Validate(new K2hr3Options()));
    }

    [Theory]
    [InlineData(32766, 2, 18031, "K2hr3:Dkc:BasePort = 32766: node ports 32766..32769")]
    [InlineData(18020, 0, 18031, "K2hr3:Dkc:Nodes = 0")]
    [InlineData(18020, 17, 18099, "K2hr3:Dkc:Nodes = 17")]
    [InlineData(18020, 2, 38031, "K2hr3:Dkc:SlaveControlPort = 38031")]
    [InlineData(18020, 6, 18031, "collides with the server node ports 18020..18031")]
    public void ChmpxPortsAndNodeCountsOutsideWhatChmpxAcceptsAreRejected(int basePort, int nodes, int slavePort, string expected)
    {
        var options = new K2hr3Options { Dkc = { BasePort = basePort, Nodes = nodes, SlaveControlPort = slavePort } };

        Assert.Contains(K2hr3OptionsValidator.Validate(options), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void OtherSettingsAreCheckedWithTheKeyNamed()
    {
        var options = new K2hr3Options
        {
            Dkc = { Group = "K2HR3 DKC", DebugLevel = "loud" },
            Api = { Port = 18081, PublicUrl = "ftp://x" },
            Tls = { CertFile = "/c.crt" },
        };

        var errors = K2hr3OptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("K2hr3:Dkc:Group", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("K2hr3:Dkc:DebugLevel", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("K2hr3:App:Port = 18081", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("K2hr3:Api:PublicUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("K2hr3:Tls:CertFile and K2hr3:Tls:KeyFile", StringComparison.Ordinal));
    }

    [Fact]
    public void TheApiDebugLevelIsOneOfUpstreamsNamesAndABadOneIsNamed()
    {
        Assert.Empty(K2hr3OptionsValidator.Validate(new K2hr3Options { Api = { DebugLevel = "DBG" } }));

        var errors = K2hr3OptionsValidator.Validate(new K2hr3Options { Api = { DebugLevel = "debug" } });

        Assert.Equal("K2hr3:Api:DebugLevel = 'debug': use one of silent, err, wan, msg, dbg.", Assert.Single(errors));
    }

    [Fact]
    public void UserCertificateNeedsACaFileBecauseTheApiReadsOne()
    {
        var options = new K2hr3Options { Tls = { CertFile = "/c.crt", KeyFile = "/c.key" } };

        Assert.Equal(["K2hr3:Tls:CaFile: required with K2hr3:Tls:CertFile (k2hr3-api needs a CA file for https)."], K2hr3OptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData(K2hr3Runtime.Containers, false, K2hr3Runtime.Containers)]
    [InlineData(K2hr3Runtime.Processes, true, K2hr3Runtime.Processes)]
    public void ExplicitRuntimeNeverProbes(K2hr3Runtime setting, bool runtimeAnswers, K2hr3Runtime expected)
    {
        var probe = new RecordingProbe(runtimeAnswers);

        Assert.Equal(expected, K2hr3RuntimeSelector.Select(setting, "docker", null, probe).Runtime);
        Assert.Empty(probe.Asked);
    }

    [Theory]
    [InlineData(true, K2hr3Runtime.Containers)]
    [InlineData(false, K2hr3Runtime.Processes)]
    public void AutoFollowsTheProbe(bool runtimeAnswers, K2hr3Runtime expected)
    {
        var probe = new RecordingProbe(runtimeAnswers);

        var decision = K2hr3RuntimeSelector.Select(K2hr3Runtime.Auto, "podman", null, probe);

        Assert.Equal(expected, decision.Runtime);
        Assert.Equal(["podman"], probe.Asked);
        Assert.Contains(runtimeAnswers ? "probe says yes" : "probe says no", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoWithAnOverrideDoesNotProbe()
    {
        var probe = new RecordingProbe(true);

        Assert.Equal(K2hr3Runtime.Processes, K2hr3RuntimeSelector.Select(K2hr3Runtime.Auto, "docker", false, probe).Runtime);
        Assert.Empty(probe.Asked);
    }

    [Fact]
    public void CliProbeIsFalseForAMissingCliAndTrueForOneThatReportsAServerVersion()
    {
        using var dir = new TempDirectory();
        var answering = dir.Combine("fake-runtime");
        FakeInstallation.WriteExecutable(answering, "#!/bin/sh\n[ \"$1\" = --version ] && echo 'Docker version 27.0.1'\n[ \"$1\" = info ] && echo 27.0.1\nexit 0\n");
        var failing = dir.Combine("no-daemon");
        FakeInstallation.WriteExecutable(failing, "#!/bin/sh\n[ \"$1\" = --version ] && exit 0\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
        var probe = new CliContainerRuntimeProbe(TimeSpan.FromSeconds(5));

        Assert.True(probe.Probe(answering).CanRun);
        var noDaemon = probe.Probe(failing);
        Assert.False(noDaemon.CanRun);
        Assert.Contains("Cannot connect to the Docker daemon", noDaemon.Detail, StringComparison.Ordinal);
        Assert.False(probe.Probe(dir.Combine("not-there")).CanRun);
    }

    [Fact]
    public void PodmanThatAnswersInfoButCannotRunAContainerIsNotUsedAndTheFixIsNamed()
    {
        // podman info answers on this machine kind even when every run fails: only a run counts.
        using var dir = new TempDirectory();
        var podman = FakePodman(dir, info: "4.3.1", run: "echo 'Error: runc: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: OCI permission denied' >&2; exit 126");

        var status = new CliContainerRuntimeProbe(TimeSpan.FromSeconds(5)).Probe(podman);
        var decision = K2hr3RuntimeSelector.Select(K2hr3Runtime.Auto, podman, null, new FixedProbe(status));

        Assert.False(status.CanRun);
        Assert.Contains("default_ulimits", status.Detail, StringComparison.Ordinal);
        Assert.Contains("eng/podman-rlimits.sh", status.Detail, StringComparison.Ordinal);
        Assert.Equal(K2hr3Runtime.Processes, decision.Runtime);
        Assert.Contains("error setting rlimit type 7", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PodmanRunThatReachesTheMissingProbeCommandCountsAsAbleToRun()
    {
        using var dir = new TempDirectory();
        var arguments = dir.Combine("arguments");
        var podman = FakePodman(dir, info: string.Empty, run: $"echo \"$@\" > '{arguments}'; {ProbeCommandNotFound}");

        var status = new CliContainerRuntimeProbe(TimeSpan.FromSeconds(5)).Probe(podman);

        Assert.True(status.CanRun, status.Detail);
        var run = File.ReadAllText(arguments);
        Assert.Contains("--rm", run, StringComparison.Ordinal);
        Assert.Contains("--rootfs", run, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("netavark", false, true)]
    [InlineData("cni", true, true)]
    [InlineData("cni", false, false)]
    [InlineData("", false, true)] // an older podman that does not say: decided by the run alone
    public void PodmanOnANetworkWithoutDnsIsNotUsedAndNetavarkIsNamed(string backend, bool cniDnsPlugin, bool usable)
    {
        var problem = CliContainerRuntimeProbe.ExplainPodmanNetwork(backend, cniDnsPlugin);

        Assert.Equal(usable, problem is null);
        if (!usable)
        {
            Assert.Contains("netavark and aardvark-dns", problem, StringComparison.Ordinal);
            Assert.Contains("eng/podman-rlimits.sh", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void APodmanThatRunsContainersOnCniWithoutDnsIsNotPickedByAuto()
    {
        using var dir = new TempDirectory();
        var podman = FakePodman(dir, info: "cni", run: ProbeCommandNotFound);
        var dnsnameInstalled = CliContainerRuntimeProbe.HasCniDnsPlugin;

        var status = new CliContainerRuntimeProbe(TimeSpan.FromSeconds(5)).Probe(podman);

        Assert.Equal(dnsnameInstalled, status.CanRun);
        Assert.Equal(dnsnameInstalled, !status.Detail.Contains("no DNS", StringComparison.Ordinal));
    }

    [Fact]
    public void CrunRejectingHybridCgroupsNamesRuncAsTheFix()
    {
        var detail = CliContainerRuntimeProbe.ExplainPodmanFailure("Error: OCI runtime error: crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2\n");

        Assert.Contains("runtime = \"runc\"", detail, StringComparison.Ordinal);
        Assert.Contains("hybrid mode", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NetavarkWithoutIptablesNamesIptablesAsTheFix()
    {
        // What podman 4.3 with netavark 1.4 printed on a fresh Debian 12 machine without iptables.
        var detail = CliContainerRuntimeProbe.ExplainPodmanFailure("Error: netavark: No such file or directory (os error 2)\n");

        Assert.Contains("install iptables", detail, StringComparison.Ordinal);
        Assert.Contains("netavark: No such file or directory", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealPodmanProbeAgreesWithARealRun()
    {
        if (!File.Exists("/usr/bin/podman"))
        {
            Assert.Skip("podman is not installed (sudo bash .ci/setup-machine installs it)");
        }

        var status = new CliContainerRuntimeProbe().Probe("podman");

        // Whatever this machine can do, the probe must say the same as a real container run with an empty root on a
        // network whose names resolve.
        using var rootfs = new TempDirectory();
        var run = await CommandLine.RunAsync("podman", ["run", "--rm", "--network", "none", "--rootfs", rootfs.Path, "/k2hr3-other-probe"], TimeSpan.FromSeconds(60));
        var backend = await CommandLine.RunAsync("podman", ["info", "--format", "{{.Host.NetworkBackend}}"], TimeSpan.FromSeconds(60));
        var namesResolve = CliContainerRuntimeProbe.ExplainPodmanNetwork(backend.StandardOutput.Trim(), CliContainerRuntimeProbe.HasCniDnsPlugin) is null;
        Assert.Equal(run.ExitCode == 127 && namesResolve, status.CanRun);
        if (PodmanImages.Required)
        {
            Assert.True(status.CanRun, status.Detail);
        }
    }

    [Fact]
    public void CliProbeGivesUpAtItsTimeout()
    {
        using var dir = new TempDirectory();
        var hanging = dir.Combine("hanging-runtime");
        FakeInstallation.WriteExecutable(hanging, "#!/bin/sh\nsleep 30\n");
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(new CliContainerRuntimeProbe(TimeSpan.FromMilliseconds(500)).Probe(hanging).CanRun);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    private sealed class FixedProbe(ContainerEngineStatus status) : IContainerRuntimeProbe
    {
        public ContainerEngineStatus Probe(string containerRuntime) => status;
    }

    private sealed class RecordingProbe(bool answers) : IContainerRuntimeProbe
    {
        public List<string> Asked { get; } = [];

        public ContainerEngineStatus Probe(string containerRuntime)
        {
            Asked.Add(containerRuntime);
            return new(answers, answers ? "probe says yes" : "probe says no");
        }
    }

    /// <summary>What the OCI runtime says when the probe's deliberately missing command is all that failed.</summary>
    private const string ProbeCommandNotFound = "echo 'Error: runc: exec: \"/k2hr3-engine-probe\": stat /k2hr3-engine-probe: no such file or directory: OCI runtime attempted to invoke a command that was not found' >&2; exit 127";

    /// <summary>A stand-in podman 4.3.1 in <paramref name="dir"/>: <c>info</c> prints <paramref name="info"/>, <c>run</c> runs the shell text <paramref name="run"/>.</summary>
    private static string FakePodman(TempDirectory dir, string info, string run)
    {
        var podman = dir.Combine("podman");
        FakeInstallation.WriteExecutable(podman, $"#!/bin/sh\ncase \"$1\" in\n  --version) echo 'podman version 4.3.1' ;;\n  info) echo {info} ;;\n  run) {run} ;;\nesac\n");
        return podman;
    }
}
