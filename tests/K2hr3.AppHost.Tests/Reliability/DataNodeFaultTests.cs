using K2hr3.Bootstrap;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.Tests.DeleteFlow.Support;
using K2hr3.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.Tests.Reliability;

/// <summary>
/// The real data tier under faults while the real API serves (processes runtime, 2 data nodes, REPLICA = 1 with
/// AUTOMERGE as the Helm chart deploys it, file storage; from the from-source build — see <see cref="UpstreamBuild"/>).
/// One cluster for the class; every test leaves both nodes in service. Numbers go to the test output.
/// </summary>
[Collection(DataTierTimingCollection.Name)]
public class DataNodeFaultTests(DataNodeFaultTests.Cluster cluster, ITestOutputHelper output) : IClassFixture<DataNodeFaultTests.Cluster>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiProbeWritesK2hdkcOnceAndThenOnlyReads()
    {
        var flow = cluster.Require();
        var health = flow.App.Services.GetRequiredService<HealthCheckService>();
        const int Probes = 10;
        var before = await TokenRequestsAsync(flow);

        for (var i = 0; i < Probes; i++)
        {
            var report = await health.CheckHealthAsync(r => r.Name == "k2hr3-api-k2hdkc", Token);
            Assert.Equal(HealthStatus.Healthy, report.Status);
        }

        // The real API's own access log: the probes' requests as k2hdkc saw them (DCP hands the lines over with a delay).
        var after = before;
        await Eventually.WaitUntilAsync(
            async () => (after = await TokenRequestsAsync(flow)).Reads - before.Reads >= Probes - 1,
            TimeSpan.FromSeconds(30),
            $"{Probes - 1} token reads in k2hr3-api's access log",
            TimeSpan.FromSeconds(1));
        output.WriteLine($"{Probes} probes: {after.Writes - before.Writes} token writes, {after.Reads - before.Reads} reads; since the start {after.Writes} writes, {after.Reads} reads");
        // At most one write for the lot; reads at least one per probe but the first (the dashboard's own periodic check
        // may add some).
        Assert.InRange(after.Writes - before.Writes, 0, 1);
        Assert.True(after.Reads - before.Reads >= Probes - 1, $"{after.Reads - before.Reads} reads");
        Assert.InRange(after.Writes, 1, 2);
    }

    [Fact]
    public async Task ShowRingPrintsChmpxstatusOfTheClusterIntoTheNodesLog()
    {
        var flow = cluster.Require();

        var result = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", ShowRingCommand.Name, Token);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith("ring: k2hdkc-0 [SERVICE IN][UP]; k2hdkc-1 [SERVICE IN][UP]; slave [SLAVE][UP]", result.Message, StringComparison.Ordinal);
        IReadOnlyList<string> lines = [];
        var logged = Eventually.WaitUntilAsync(
            async () =>
            {
                lines = [.. flow.Logs.LinesOf("k2hdkc-0"), .. await flow.Logs.AllLinesAsync("k2hdkc-0")];
                return lines.Any(l => l.Contains("server chmpxs [ 2 ] = {", StringComparison.Ordinal)) && lines.Any(l => l.Contains("ring: k2hdkc-0", StringComparison.Ordinal));
            },
            TimeSpan.FromSeconds(10),
            "chmpxstatus output and the ring summary in k2hdkc-0's log",
            TimeSpan.FromMilliseconds(500));
        var failure = await Record.ExceptionAsync(() => logged);
        Assert.True(failure is null, $"{failure?.Message}; k2hdkc-0 logged {lines.Count} lines, the last: {string.Join(" | ", lines.TakeLast(5))}");
    }

    [Fact]
    public async Task ADataNodeStoppedWhileTheApiServesLosesNoRequestAndHoldsWhatWasWrittenMeanwhile()
    {
        var flow = cluster.Require();
        var admin = await cluster.AdminAsync();
        var role = $"faults-{Guid.NewGuid():N}"[..20];
        await admin.Client.CreateRoleAsync(admin.UserToken, role, Token);
        try
        {
            var traffic = RoleTraffic.Start(admin, role);
            await Task.Delay(TimeSpan.FromSeconds(3), Token);

            // Node 1 down (Aspire's own Stop on k2hdkc-1; its chmpx goes with it), the API keeps serving.
            var stop = Stopwatch.StartNew();
            traffic.Phase = "k2hdkc-1 stopping";
            await StopNodeAsync(flow, "k2hdkc-1");
            traffic.Phase = "k2hdkc-1 down";
            output.WriteLine($"k2hdkc-1 and its chmpx stopped in {stop.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(TimeSpan.FromSeconds(15), Token);

            // Back: Aspire's own Start on k2hdkc-1 starts its chmpx first; chmpx re-joins and merges.
            var restart = Stopwatch.StartNew();
            traffic.Phase = "k2hdkc-1 starting";
            traffic.ReadsOnly = true;
            await StartNodeAsync(flow, "k2hdkc-1");
            var serviceIn = restart.Elapsed;
            traffic.Phase = "k2hdkc-1 servicein, merging";
            var ring = await WaitForMergedRingAsync(flow);
            var merged = restart.Elapsed;
            traffic.Phase = "k2hdkc-1 back, merged";
            traffic.ReadsOnly = false;
            await Task.Delay(TimeSpan.FromSeconds(3), Token);
            var results = await traffic.StopAsync();

            // The other node down: node 1 alone must answer everything, including what was written while it was away.
            await StopNodeAsync(flow, "k2hdkc-0");
            await WaitForRingAsync(flow, "k2hdkc-1", "k2hdkc-0 [SERVICE OUT][DOWN]; k2hdkc-1 [SERVICE IN][UP]");

            // Read again until every host is there (at most 10 reads; RoleTraffic.UnreadAsync says why one read is not enough).
            var lost = await RoleTraffic.UnreadAsync(admin, role, results.Written, output, "k2hdkc-0 down");

            var writtenWhileDown = results.Written.Where(w => w.Phase == "k2hdkc-1 down").ToList();
            output.WriteLine($"lost: {string.Join(", ", lost.Select(w => $"{w.Ip} ({w.Phase})"))}");
            await StartNodeAsync(flow, "k2hdkc-0");
            await WaitForMergedRingAsync(flow);

            output.WriteLine(results.Summary());
            output.WriteLine($"servicein {serviceIn.TotalSeconds:0.0} s after Start, merge done after {merged.TotalSeconds:0.0} s ({ring})");
            output.WriteLine($"with k2hdkc-0 stopped, k2hdkc-1 alone answered {results.Written.Count - lost.Count}/{results.Written.Count} hosts ({writtenWhileDown.Count} written while it was down); lost: {lost.Count}");
            Assert.NotEmpty(writtenWhileDown);
            Assert.Empty(results.Failures);

            // What was written while the node was away is on it after the rejoin. Hosts written at other times are
            // reported above, not asserted: the rejoining k2hdkc merges only what changed after its own k2hash file's last
            // update (k2hdkc src/k2hdkccntrl.cc MergeLastTsCallback), so a write that reaches it before its merge begins
            // hides older keys from the merge — measured: the role's first host, written before the outage, missing on
            // the rejoined node in 2 of 6 runs. README "Reliability" explains it to operators.
            Assert.DoesNotContain(lost, w => w.Phase is "k2hdkc-1 down");
        }
        finally
        {
            await EnsureRunningAsync(flow, "k2hdkc-0");
            await EnsureRunningAsync(flow, "k2hdkc-1");
            await ReportRingKeeperAsync(flow);
        }
    }

    [Fact]
    public async Task AK2hdkcKilledWithSigkillIsNoticedItsChmpxLeavesTheRingAndStartingItRecoversTheNode()
    {
        var flow = cluster.Require();
        var admin = await cluster.AdminAsync();
        var role = $"sigkill-{Guid.NewGuid():N}"[..20];
        await admin.Client.CreateRoleAsync(admin.UserToken, role, Token);
        try
        {
            var pid = Pid(flow, "k2hdkc-1");
            using (var process = Process.GetProcessById(pid))
            {
                process.Kill(); // SIGKILL
            }

            var noticed = Stopwatch.StartNew();
            var exited = await flow.App.ResourceNotifications.WaitForResourceAsync("k2hdkc-1", e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);
            output.WriteLine($"k2hdkc-1 (pid {pid}) killed: state {exited.Snapshot.State?.Text}, exit code {exited.Snapshot.ExitCode}, after {noticed.Elapsed.TotalSeconds:0.0} s");
            await flow.App.ResourceNotifications.WaitForResourceAsync("k2hdkc-1-chmpx", e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);
            output.WriteLine($"its chmpx out of the ring after {noticed.Elapsed.TotalSeconds:0.0} s");

            // The API serves from the remaining node, promptly.
            var traffic = RoleTraffic.Start(admin, role);
            await Task.Delay(TimeSpan.FromSeconds(5), Token);
            var results = await traffic.StopAsync();
            output.WriteLine(results.Summary());
            Assert.Empty(results.Failures);

            var restart = Stopwatch.StartNew();
            await StartNodeAsync(flow, "k2hdkc-1");
            output.WriteLine($"k2hdkc-1 back in service {restart.Elapsed.TotalSeconds:0.0} s after Start");

            // After a SIGKILL the merge of the rejoining node does not always complete (seen: [ADD][Done] for minutes,
            // README "Reliability"); the API serves all the same.
            var merged = await Record.ExceptionAsync(() => WaitForMergedRingAsync(flow, TimeSpan.FromSeconds(60)));
            output.WriteLine(merged is null ? $"merge done {restart.Elapsed.TotalSeconds:0.0} s after Start" : $"merge not complete 60 s later: {merged.Message[..Math.Min(300, merged.Message.Length)]}");
            var after = RoleTraffic.Start(admin, role);
            await Task.Delay(TimeSpan.FromSeconds(3), Token);
            var afterResults = await after.StopAsync();
            output.WriteLine($"after the restart: {afterResults.Summary()}");
            Assert.Empty(afterResults.Failures);
            // What the AppHost did, in the node's log in the dashboard.
            IReadOnlyList<string> log = [.. flow.Logs.LinesOf("k2hdkc-1"), .. await flow.Logs.AllLinesAsync("k2hdkc-1")];
            Assert.Contains(log, l => l.Contains("stopping k2hdkc-1-chmpx so the ring serves its keys from the replica", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("rejoins a serving ring", StringComparison.Ordinal));
        }
        finally
        {
            await EnsureRunningAsync(flow, "k2hdkc-1");
            await ReportRingKeeperAsync(flow);
        }
    }

    private static async Task StopNodeAsync(DeleteFlowApp flow, string node)
    {
        var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, KnownResourceCommands.StopCommand, Token);
        Assert.True(result.Success, $"stop {node}: {result.Message}");
        await flow.App.ResourceNotifications.WaitForResourceAsync(node, e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);
        await flow.App.ResourceNotifications.WaitForResourceAsync($"{node}-chmpx", e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);
    }

    /// <summary>
    /// Aspire's Start on a data node, until it is in service. Before the AppHost's ring keeper a restarted node's chmpx
    /// stayed out of service for minutes (chmpxstatus FAILED; 3 of ~15 restarts in CI runs on 2026-12-05; not seen since
    /// the keeper); README "Reliability" still tells operators to Stop and Start it once more if it happens, and so does
    /// this — with the ring and the node's last log lines in the test output.
    /// </summary>
    private static async Task StartNodeAsync(DeleteFlowApp flow, string node)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, KnownResourceCommands.StartCommand, Token).WaitAsync(RejoinTimeout, Token);
            Assert.True(result.Success, $"start {node}: {result.Message}");
            var healthy = flow.App.ResourceNotifications.WaitForResourceHealthyAsync(node, Token);
            if (attempt == 2)
            {
                await flow.Logs.ExplainFailureAsync(() => healthy.WaitAsync(RejoinTimeout, Token));
                return;
            }

            try
            {
                await healthy.WaitAsync(TimeSpan.FromSeconds(90), Token);
                return;
            }
            catch (TimeoutException)
            {
                var output = TestContext.Current.TestOutputHelper;
                output?.WriteLine($"{node} not in service 90 s after Start: Stop and Start once more (the operator's remedy)");
                foreach (var seenBy in new[] { "k2hdkc-0", "k2hdkc-1" })
                {
                    var ring = await flow.App.ResourceCommands.ExecuteCommandAsync(seenBy, ShowRingCommand.Name, Token);
                    output?.WriteLine($"ring seen by {seenBy}: {ring.Message}\n{ring.Data?.Value}");
                }

                foreach (var resource in new[] { $"{node}-chmpx", node, "k2hdkc-0-chmpx" })
                {
                    output?.WriteLine($"last lines of {resource}: {string.Join("\n", (await flow.Logs.AllLinesAsync(resource)).TakeLast(40))}");
                }

                await StopNodeAsync(flow, node);
            }
        }
    }

    /// <summary>Until chmpxstatus shows both servers in service with no merge pending; returns the summary.</summary>
    private static async Task<string> WaitForMergedRingAsync(DeleteFlowApp flow, TimeSpan? timeout = null)
    {
        string? last = null;
        string? lastRing = null;
        var stable = 0;
        await flow.Logs.ExplainFailureAsync(() => Eventually.WaitUntilAsync(
            async () =>
            {
                var result = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", ShowRingCommand.Name, Token);
                last = result.Message;
                lastRing = result.Data?.Value;
                var servers = Regex.Matches(result.Data?.Value ?? string.Empty, @"status\s+=\s+SAFE -> (\[[^\]]*\]){5}", RegexOptions.None, TimeSpan.FromSeconds(1))
                    .Select(m => m.Value).Where(s => !s.Contains("[SLAVE]", StringComparison.Ordinal)).ToList();

                // The self entry plus both servers, all in service with nothing pending, in three polls in a row.
                var merged = result.Success && servers.Count == 3 && servers.All(s => s.EndsWith("[SERVICE IN][UP][n/a][Nothing][NoSuspend]", StringComparison.Ordinal));
                stable = merged ? stable + 1 : 0;
                return stable >= 3;
            },
            timeout ?? RejoinTimeout,
            "both servers in service with no merge pending",
            TimeSpan.FromSeconds(1)).ContinueWith(
                t => t.IsFaulted ? throw new TimeoutException($"{t.Exception!.InnerException!.Message}; last chmpxstatus: {last} {lastRing}") : t,
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap());
        return last ?? string.Empty;
    }

    /// <summary>Until "Show ring" on <paramref name="node"/> sums the ring up as starting with <paramref name="expected"/>.</summary>
    private static async Task WaitForRingAsync(DeleteFlowApp flow, string node, string expected)
    {
        string? last = null;
        var wait = Eventually.WaitUntilAsync(
            async () =>
            {
                var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, ShowRingCommand.Name, Token);
                last = result.Message;
                return result.Success && result.Message!.StartsWith("ring: " + expected, StringComparison.Ordinal);
            },
            StateTimeout,
            $"{node} to see the ring as {expected}",
            TimeSpan.FromMilliseconds(500));
        var failure = await Record.ExceptionAsync(() => wait);
        Assert.True(failure is null, $"{failure?.Message}; last: {last}");
    }

    private static async Task EnsureRunningAsync(DeleteFlowApp flow, string node)
    {
        if (flow.App.ResourceNotifications.TryGetCurrentState(node, out var current) && DataNodeLifecycle.IsStopped(current.Snapshot))
        {
            await StartNodeAsync(flow, node);
        }
    }

    /// <summary>What the AppHost's ring keeper did to the nodes so far (RingKeeper), for the test output.</summary>
    private async Task ReportRingKeeperAsync(DeleteFlowApp flow)
    {
        foreach (var node in new[] { "k2hdkc-0", "k2hdkc-1" })
        {
            var nudges = (await flow.Logs.AllLinesAsync(node)).Where(l => l.Contains("ring keeper:", StringComparison.Ordinal)).Distinct().ToList();
            output.WriteLine($"{node}: {nudges.Count} ring keeper nudges{string.Concat(nudges.Select(l => "\n  " + l))}");
        }
    }

    private static int Pid(DeleteFlowApp flow, string resource)
    {
        Assert.True(flow.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"{resource} has no state");
        var value = current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task<(int Writes, int Reads)> TokenRequestsAsync(DeleteFlowApp flow)
    {
        var lines = await flow.Logs.AllLinesAsync("k2hr3-api");
        return (
            lines.Count(l => l.Contains("\"PUT /v1/user/tokens?username=health", StringComparison.Ordinal)),
            lines.Count(l => l.Contains("\"HEAD /v1/user/tokens HTTP/1.1\" 204 ", StringComparison.Ordinal)));
    }

    /// <summary>One real cluster for the class, its data on files (a node restarted keeps what it held).</summary>
    public sealed class Cluster() : RealCluster(
        apiPort: 17080, dkcBasePort: 17020, slaveControlPort: 17031, appPort: 17081, group: "K2HR3FAULTS", storage: "file", adminUser: "k2hr3-faults");
}
