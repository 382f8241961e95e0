namespace K2hr3.Tests.AppHost;

/// <summary>
/// The containers runtime's entrypoints (containers/k2hdkc-node.sh, k2hr3-api.sh) run whole, with stand-ins for chmpx,
/// chmpxstatus, k2hdkc and node on PATH that behave as the real programs do towards signals: chmpx ignores TERM and
/// stops on HUP, the others stop on TERM. No engine is needed to check the start order, the stop on TERM and what
/// happens when one side dies — the parts a container supervisor relies on.
/// </summary>
public sealed class ContainerEntrypointTests : IDisposable
{
    private static readonly string ContainersDir = Path.Combine(TestData.RepositoryRoot, "containers");
    private readonly TempDirectory _dir = new("k2hr3-entrypoint-");

    public ContainerEntrypointTests()
    {
        Directory.CreateDirectory(BinDir);
        // Like chmpx: TERM is ignored, HUP stops it cleanly.
        Fake("chmpx", $"trap 'echo chmpx-hup >&2; exit 0' HUP; trap '' TERM; echo \"chmpx-started $*\" >&2; touch '{_dir.Combine("chmpx-up")}'; while :; do sleep 0.1; done");
        // The readiness probe: "up" once chmpx runs, unless the test says it never gets there.
        // Without -wait or -self it prints the view of the ring the test wrote, if any.
        Fake("chmpxstatus", $"[ -f '{_dir.Combine("not-ready")}' ] && exit 1; case \"$*\" in *-wait*|*-self*) ;; *) [ -f '{RingView}' ] && cat '{RingView}';; esac; [ -f '{_dir.Combine("chmpx-up")}' ]");
        Fake("k2hdkc", $"trap 'echo k2hdkc-term >&2; exit 0' TERM; echo \"k2hdkc-started $*\" >&2; [ -f '{_dir.Combine("k2hdkc-fails")}' ] && exit 4; while :; do sleep 0.1; done");
        Fake("node", "trap 'echo node-term >&2; exit 0' TERM; echo \"node-started $*\" >&2; while :; do sleep 0.1; done");
        File.WriteAllText(Ini, $"[GLOBAL]\nFILEVERSION = 1\nK2HFILE = {_dir.Combine("data", "k2hdkc.k2h")}\n[SVRNODE]\nNAME = localhost\n[SLVNODE]\nNAME = [.]*\n");
    }

    private string BinDir => _dir.Combine("bin");

    private string RingView => _dir.Combine("ring-view.txt");

    private string Ini => _dir.Combine("node.ini");

    /// <summary>The private copy chmpx and k2hdkc run on (in TMPDIR, the test's folder), so the ring keeper can change it.</summary>
    private string RunningIni => _dir.Combine("k2hr3-node.ini");

    [Fact]
    public async Task DataNodeStartsChmpxThenK2hdkcAndStopsBothOnTerm()
    {
        await using var node = Entrypoint.Start(this, "k2hdkc-node.sh");

        await node.WaitForLineAsync(line => line.StartsWith("[k2hr3] supervising chmpx", StringComparison.Ordinal));

        // The stand-in k2hdkc prints this once its TERM trap is set; a TERM before that would kill it outright (143).
        await node.WaitForLineAsync(line => line.StartsWith("k2hdkc-started", StringComparison.Ordinal));
        Assert.True(UnixSignal.Send(node.Id, UnixSignal.SigTerm));
        var exitCode = await node.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        var lines = node.Lines;
        var chmpx = lines.FindIndex(l => l.StartsWith("chmpx-started", StringComparison.Ordinal));
        var k2hdkc = lines.FindIndex(l => l.StartsWith("k2hdkc-started", StringComparison.Ordinal));
        Assert.Equal($"chmpx-started -conf {RunningIni} -d err", lines[chmpx]);
        Assert.Equal($"k2hdkc-started -conf {RunningIni} -d err", lines[k2hdkc]);
        Assert.Equal(File.ReadAllText(Ini), File.ReadAllText(RunningIni));
        Assert.True(chmpx < k2hdkc, string.Join('\n', lines));
        Assert.Contains("k2hdkc-term", lines);
        Assert.Contains("chmpx-hup", lines);
        Assert.True(Directory.Exists(_dir.Combine("data")), "the K2HFILE folder is created before chmpx starts");
    }

    [Fact]
    public async Task DataNodeStopsChmpxAndExitsWithK2hdkcsStatusWhenK2hdkcDies()
    {
        File.WriteAllText(_dir.Combine("k2hdkc-fails"), string.Empty);
        await using var node = Entrypoint.Start(this, "k2hdkc-node.sh");

        var exitCode = await node.WaitForExitAsync();

        Assert.Equal(4, exitCode);
        Assert.Contains("chmpx-hup", node.Lines);
    }

    [Fact]
    public async Task DataNodeGivesUpAndStopsChmpxWhenItNeverBecomesReady()
    {
        File.WriteAllText(_dir.Combine("not-ready"), string.Empty);
        await using var node = Entrypoint.Start(this, "k2hdkc-node.sh");

        var exitCode = await node.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("chmpx-hup", node.Lines);
        Assert.Contains(node.Lines, line => line.StartsWith("[k2hr3] chmpx did not reach: serviceout suspend servicein suspend", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Lines, line => line.StartsWith("k2hdkc-started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataNodeKeepsItsChmpxInTheRingAsTheHelmChartsWatcherDoes()
    {
        // chmpxstatus -self prints what the test puts in a file; chmpxlinetool logs the commands it is given.
        var status = _dir.Combine("self-status");
        Fake("chmpxstatus", $"[ -f '{_dir.Combine("chmpx-up")}' ] || exit 1; case \"$*\" in *-self*-wait*) exit 0;; *-self*) cat '{status}';; esac");
        var linetool = _dir.Combine("linetool.log");
        Fake("chmpxlinetool", $"while [ $# -gt 1 ]; do [ \"$1\" = -run ] && cat \"$2\" >> '{linetool}'; shift; done");
        string[] Commands() => File.Exists(linetool) ? File.ReadAllLines(linetool) : [];
        Task CommandSent(string command, int times = 1) => Eventually.WaitUntilAsync(
            () => Commands().Count(c => c == command) >= times, TimeSpan.FromSeconds(30), $"chmpxlinetool given '{command}' {times} time(s)");
        File.WriteAllText(status, SelfStatus("[SERVICE IN][UP][ADD][Pending][NoSuspend]"));
        await using var node = Entrypoint.Start(
            this, "k2hdkc-node.sh", ("K2HR3_RING_KEEPER_STUCK", "1"), ("K2HR3_RING_KEEPER_MERGE_DONE", "1"), ("K2HR3_RING_KEEPER_PERIOD", "1"));

        // Stuck in [ADD][Pending]: serviced out, so automerge adds it again.
        await CommandSent("serviceout r3dkc-1:8021::r3dkc-1:");
        await node.WaitForLineAsync(line => line.StartsWith("[k2hr3] ring keeper: chmpx was SAFE -> [SERVICE IN][UP][ADD][Pending][NoSuspend] for 1 s: serviceout", StringComparison.Ordinal));

        // A merge left [Done]: completed.
        File.WriteAllText(status, SelfStatus("[SERVICE IN][UP][ADD][Done][NoSuspend]"));
        await CommandSent("merge complete");

        // In service, nothing pending: only the periodic status update.
        File.WriteAllText(status, SelfStatus("[SERVICE IN][UP][n/a][Nothing][NoSuspend]"));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a nudge under way ends
        var nudges = Commands().Count(c => c.StartsWith("serviceout", StringComparison.Ordinal) || c == "merge complete");
        var updates = Commands().Count(c => c == "statusupdate");
        await CommandSent("statusupdate", updates + 2);
        Assert.Equal(nudges, Commands().Count(c => c.StartsWith("serviceout", StringComparison.Ordinal) || c == "merge complete"));

        Assert.True(UnixSignal.Send(node.Id, UnixSignal.SigTerm));
        Assert.Equal(0, await node.WaitForExitAsync());
    }

    [Fact]
    public async Task DataNodeMakesChmpxReloadWhenAPeerIsHeldAtAnAddressItsNameNoLongerHas()
    {
        // The full chmpxstatus holds peer "localhost" DOWN at 192.0.2.77 (its old address); localhost resolves elsewhere.
        const string Peers = """
            server chmpxs [ 1 ] = {
              [0] = {
                chmpxid                                  = 0xda198ff26b9c0377
                hostname                                 = 192.0.2.77
                control port                             = 8021
                custom id seed                           = localhost
                status                                   = SAFE -> [SERVICE OUT][DOWN][n/a][Nothing][NoSuspend]
              }
            }
            """;
        var peers = _dir.Combine("peers");
        File.WriteAllText(peers, Peers);
        Fake("chmpxstatus", $"[ -f '{_dir.Combine("chmpx-up")}' ] || exit 1; case \"$*\" in *-self*-wait*) exit 0;; *-self*) echo 'status = SAFE -> [SERVICE IN][UP][n/a][Nothing][NoSuspend]';; *) cat '{peers}';; esac");
        Fake("chmpxlinetool", "exit 0");
        await using var node = Entrypoint.Start(this, "k2hdkc-node.sh", ("K2HR3_RING_KEEPER_PERIOD", "1"), ("K2HR3_RING_KEEPER_PEER_CHECK", "1"), ("K2HR3_RING_KEEPER_RELOAD_GAP", "2"));

        await node.WaitForLineAsync(line => line.StartsWith("[k2hr3] ring keeper: peer back at a new address: localhost (held 192.0.2.77, now ", StringComparison.Ordinal));

        // One byte changed in the running copy (chmpx reloads it and re-resolves the peer); the mounted file is untouched.
        Assert.Contains("FILEVERSION = 2\n", File.ReadAllText(RunningIni), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Ini).Length, File.ReadAllText(RunningIni).Length);
        Assert.Contains("FILEVERSION = 1\n", File.ReadAllText(Ini), StringComparison.Ordinal);

        // Still held there after the reload (chmpx answered from its cache): told again, at most once per gap.
        await node.WaitForLineAsync(line => line.EndsWith("(FILEVERSION 1)", StringComparison.Ordinal));

        // Once chmpx holds the peer by a name (or its current address) nothing more happens.
        File.WriteAllText(peers, Peers.Replace("192.0.2.77", "localhost", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken); // a reload under way ends
        var reloads = node.Lines.Count(l => l.Contains("peer back at a new address", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        Assert.Equal(reloads, node.Lines.Count(l => l.Contains("peer back at a new address", StringComparison.Ordinal)));
    }

    private static string SelfStatus(string status) =>
        $"self chmpx = {{\n  hostname = r3dkc-1\n  control port = 8021\n  cuk = \n  custom id seed = r3dkc-1\n  status = SAFE -> {status}\n}}\n";

    [Theory]
    [InlineData("dist/src/bin/www.js")]
    [InlineData("bin/www")]
    public async Task ApiStartsItsChmpxSlaveThenTheApiAndStopsBothOnTerm(string entry)
    {
        var package = _dir.Combine("k2hr3-api");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(package, entry))!);
        File.WriteAllText(Path.Combine(package, entry), "// the API's start script");
        File.WriteAllText(RingView, ChmpxRingViewTests.SlaveOutput("[SERVICE IN][UP][n/a][Nothing][NoSuspend]"));
        await using var api = Entrypoint.Start(this, "k2hr3-api.sh", ("K2HR3_API_DIR", package));

        await api.WaitForLineAsync(line => line.StartsWith("[k2hr3] supervising chmpx", StringComparison.Ordinal));

        // The stand-in node prints this once its TERM trap is set; a TERM before that would kill it outright (143).
        await api.WaitForLineAsync(line => line.StartsWith("node-started", StringComparison.Ordinal));
        Assert.True(UnixSignal.Send(api.Id, UnixSignal.SigTerm));
        var exitCode = await api.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains($"node-started {Path.Combine(package, entry)}", api.Lines);
        Assert.Contains("node-term", api.Lines);
        Assert.Contains("chmpx-hup", api.Lines);
        Assert.DoesNotContain(api.Lines, line => line.Contains("the slave still sees", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiWaitsForItsSlaveToSeeTheRingSettledAndSaysWhatItSawWhenItStartsAnyway()
    {
        var package = _dir.Combine("k2hr3-api");
        Directory.CreateDirectory(Path.Combine(package, "bin"));
        File.WriteAllText(Path.Combine(package, "bin", "www"), "// the API's start script");
        File.WriteAllText(RingView, ChmpxRingViewTests.SlaveOutput("[SERVICE IN][UP][ADD][Doing][NoSuspend]"));
        await using var api = Entrypoint.Start(this, "k2hr3-api.sh", ("K2HR3_API_DIR", package), ("K2HR3_RING_SETTLE_WAIT", "2"));

        await api.WaitForLineAsync(line => line.StartsWith("node-started", StringComparison.Ordinal));

        var lines = api.Lines;
        var warning = Array.FindIndex([.. lines], line => line.Contains("the slave still sees", StringComparison.Ordinal));
        Assert.Equal(
            "[k2hr3] the slave still sees 192.0.2.2:18023 [SERVICE IN][UP][ADD][Doing][NoSuspend] after 2 s: starting anyway — what the API writes before the ring settles may be missing from a node",
            warning >= 0 ? lines[warning] : "no warning");
        Assert.True(warning < lines.FindIndex(line => line.StartsWith("node-started", StringComparison.Ordinal)), "the API started after the wait");
    }

    public void Dispose() => _dir.Dispose();

    private void Fake(string name, string body) => FakeInstallation.WriteExecutable(Path.Combine(BinDir, name), "#!/bin/sh\n" + body + "\n");

    /// <summary>An entrypoint under <c>sh</c>, its stderr collected line by line (the fakes and the script log there).</summary>
    private sealed class Entrypoint : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private Entrypoint(Process process)
        {
            _process = process;
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _lines.Enqueue(e.Data);
                }
            };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        public int Id => _process.Id;

        public List<string> Lines => [.. _lines];

        public static Entrypoint Start(ContainerEntrypointTests test, string script, params (string Name, string Value)[] environment)
        {
            var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(ContainersDir, script));
            start.Environment["PATH"] = test.BinDir + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["K2HR3_CHMPX_INI"] = test.Ini;
            start.Environment["TMPDIR"] = test._dir.Path;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            return new Entrypoint(Process.Start(start)!);
        }

        public async Task WaitForLineAsync(Func<string, bool> match)
        {
            try
            {
                await Eventually.WaitUntilAsync(() => _lines.Any(match), TestConstants.DefaultTimeout, "the expected line");
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the expected line did not come within {TestConstants.DefaultTimeout}; the entrypoint wrote:\n{string.Join('\n', _lines)}");
            }
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TestConstants.DefaultTimeout);
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
