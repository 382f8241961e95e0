using K2hr3.AppHost.Hosting;

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
    public void UserCertificateNeedsACaFileBecauseTheApiReadsOne()
    {
        var options = new K2hr3Options { Tls = { CertFile = "/c.crt", KeyFile = "/c.key" } };

        Assert.Equal(["K2hr3:Tls:CaFile: required with K2hr3:Tls:CertFile (k2hr3-api needs a CA file for https)."], K2hr3OptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData(K2hr3RuntimeMode.Containers, false, K2hr3Runtime.Containers)]
    [InlineData(K2hr3RuntimeMode.Processes, true, K2hr3Runtime.Processes)]
    public void ExplicitRuntimeNeverProbes(K2hr3RuntimeMode mode, bool runtimeAnswers, K2hr3Runtime expected)
    {
        var probe = new RecordingProbe(runtimeAnswers);

        Assert.Equal(expected, K2hr3RuntimeSelector.Select(mode, "docker", null, probe).Runtime);
        Assert.Empty(probe.Asked);
    }

    [Theory]
    [InlineData(true, K2hr3Runtime.Containers)]
    [InlineData(false, K2hr3Runtime.Processes)]
    public void AutoFollowsTheProbe(bool runtimeAnswers, K2hr3Runtime expected)
    {
        var probe = new RecordingProbe(runtimeAnswers);

        var decision = K2hr3RuntimeSelector.Select(K2hr3RuntimeMode.Auto, "podman", null, probe);

        Assert.Equal(expected, decision.Runtime);
        Assert.Equal(["podman"], probe.Asked);
        Assert.Contains("'podman info'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoWithAnOverrideDoesNotProbe()
    {
        var probe = new RecordingProbe(true);

        Assert.Equal(K2hr3Runtime.Processes, K2hr3RuntimeSelector.Select(K2hr3RuntimeMode.Auto, "docker", false, probe).Runtime);
        Assert.Empty(probe.Asked);
    }

    [Fact]
    public void CliProbeIsFalseForAMissingCliAndTrueForOneThatReportsAServerVersion()
    {
        using var dir = new TempDirectory();
        var answering = dir.Combine("fake-runtime");
        FakeInstallation.WriteExecutable(answering, "#!/bin/sh\n[ \"$1\" = info ] && echo 27.0.1\n");
        var failing = dir.Combine("no-daemon");
        FakeInstallation.WriteExecutable(failing, "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
        var probe = new CliContainerRuntimeProbe(TimeSpan.FromSeconds(5));

        Assert.True(probe.IsAvailable(answering));
        Assert.False(probe.IsAvailable(failing));
        Assert.False(probe.IsAvailable(dir.Combine("not-there")));
    }

    [Fact]
    public void CliProbeGivesUpAtItsTimeout()
    {
        using var dir = new TempDirectory();
        var hanging = dir.Combine("hanging-runtime");
        FakeInstallation.WriteExecutable(hanging, "#!/bin/sh\nsleep 30\n");
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(new CliContainerRuntimeProbe(TimeSpan.FromMilliseconds(500)).IsAvailable(hanging));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    private sealed class RecordingProbe(bool answers) : IContainerRuntimeProbe
    {
        public List<string> Asked { get; } = [];

        public bool IsAvailable(string containerRuntime)
        {
            Asked.Add(containerRuntime);
            return answers;
        }
    }
}
