using System.Diagnostics;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.RabbitMq;
using K2hr3.Bootstrap;
using K2hr3.Tests.DeleteFlow.Support;
using K2hr3.Tests.Support;

namespace K2hr3.Tests.Containers;

/// <summary>
/// A data node lost and back in the containers runtime on Podman (issue 13): the scenario of
/// <c>DataNodeFaultTests.ADataNodeStoppedWhileTheApiServesLosesNoRequestAndHoldsWhatWasWrittenMeanwhile</c> with each
/// node one container (chmpx and k2hdkc, containers/k2hdkc-node.sh) whose k2hash file is on a named data volume, so
/// the restarted node starts on its old file. Numbers go to the test output.
/// </summary>
[Collection(PodmanCollection.Name)]
public sealed class ContainerDataNodeFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Aspire's Start re-creates the container, and Podman gives it a new address on the network; the other node's chmpx
    /// holds the old one (chmpx stores a peer's address when the name has no reverse DNS, and never renames it). Without
    /// the entrypoint's handling (containers/k2hr3-functions.sh <c>forget_moved_peers</c> on the surviving node,
    /// <c>wait_until_peers_let_go</c> on the restarted one) the ring split and the node never rejoined (2026-12-05: the
    /// survivor held 10.89.0.4 [SERVICE OUT][DOWN], the restarted node stayed [SERVICE OUT][UP][Suspend] for 180 s).
    /// </summary>
    [Fact]
    public async Task ADataNodeContainerStoppedWhileTheApiServesLosesNoRequestAndHoldsWhatWasWrittenMeanwhile()
    {
        PodmanImages.RequireLocalImages();
        var cluster = new Cluster();
        try
        {
            await cluster.InitializeAsync();
            var flow = cluster.Require();
            var admin = await cluster.AdminAsync();
            var role = $"cfaults-{Guid.NewGuid():N}"[..20];
            await admin.Client.CreateRoleAsync(admin.UserToken, role, Token);

            var traffic = RoleTraffic.Start(admin, role);
            await Task.Delay(TimeSpan.FromSeconds(3), Token);

            // Node 1 down: Aspire's Stop on the container stops its chmpx and k2hdkc together.
            var stop = Stopwatch.StartNew();
            traffic.Phase = "k2hdkc-1 stopping";
            await StopNodeAsync(flow, "k2hdkc-1");
            traffic.Phase = "k2hdkc-1 down";
            output.WriteLine($"k2hdkc-1 container stopped in {stop.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(TimeSpan.FromSeconds(15), Token);

            // Back: Aspire's Start on the container; healthy is chmpx servicein. Reads only while it rejoins (RoleTraffic.ReadsOnly).
            var restart = Stopwatch.StartNew();
            traffic.Phase = "k2hdkc-1 starting";
            traffic.ReadsOnly = true;
            var started = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-1", KnownResourceCommands.StartCommand, Token).WaitAsync(RejoinTimeout, Token);
            Assert.True(started.Success, $"start k2hdkc-1: {started.Message}");
            await ExplainRingAsync(flow, () => flow.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hdkc-1", Token).WaitAsync(RejoinTimeout, Token));
            var healthy = restart.Elapsed;
            traffic.Phase = "k2hdkc-1 servicein, merging";
            var ring = await WaitForMergedRingAsync(flow);
            var merged = restart.Elapsed;
            traffic.Phase = "k2hdkc-1 back, merged";
            traffic.ReadsOnly = false;
            await Task.Delay(TimeSpan.FromSeconds(3), Token);
            var results = await traffic.StopAsync();
            output.WriteLine(results.Summary());
            output.WriteLine($"k2hdkc-1 healthy (servicein) {healthy.TotalSeconds:0.0} s after Start, merge done after {merged.TotalSeconds:0.0} s ({ring})");

            // The other node down: node 1 alone answers the role, including what was written while it was away. Read up
            // to 10 times, as DataNodeFaultTests does: a read racing the node that just left can miss hosts or fail.
            await StopNodeAsync(flow, "k2hdkc-0");
            var lost = await RoleTraffic.UnreadAsync(admin, role, results.Written, output, "k2hdkc-0 down");

            var writtenWhileDown = results.Written.Where(w => w.Phase == "k2hdkc-1 down").ToList();
            var lostWhileDown = lost.Where(w => w.Phase == "k2hdkc-1 down").ToList();
            output.WriteLine($"with k2hdkc-0 stopped, k2hdkc-1 alone answered {results.Written.Count - lost.Count}/{results.Written.Count} hosts; written while it was down: {writtenWhileDown.Count}, of them lost: {lostWhileDown.Count}; lost: {string.Join(", ", lost.Select(w => $"{w.Ip} ({w.Phase})"))}");

            var again = Stopwatch.StartNew();
            var restarted = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", KnownResourceCommands.StartCommand, Token).WaitAsync(RejoinTimeout, Token);
            Assert.True(restarted.Success, $"start k2hdkc-0: {restarted.Message}");
            await ExplainRingAsync(flow, () => flow.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hdkc-0", Token).WaitAsync(RejoinTimeout, Token));
            output.WriteLine($"k2hdkc-0 healthy again {again.Elapsed.TotalSeconds:0.0} s after Start; {results.Failures.Count} failed requests, {lost.Count} hosts lost");

            Assert.NotEmpty(writtenWhileDown);
            Assert.Empty(results.Failures);
            // Only what was written while the node was away is asserted, as in DataNodeFaultTests (a write reaching the
            // rejoined node before its merge can hide older keys from the merge; README "Reliability").
            Assert.Empty(lostWhileDown);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await cluster.DisposeAsync().AsTask().WaitAsync(stop.Token);
            await Cluster.RemoveDataVolumesAsync(); // the next run starts on empty data
        }
    }

    private static async Task StopNodeAsync(DeleteFlowApp flow, string node)
    {
        var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, KnownResourceCommands.StopCommand, Token);
        Assert.True(result.Success, $"stop {node}: {result.Message}");
        await flow.App.ResourceNotifications.WaitForResourceAsync(node, e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);
    }

    /// <summary>A wait whose failure carries chmpxstatus as both nodes see it and the nodes' last log lines.</summary>
    private static async Task ExplainRingAsync(DeleteFlowApp flow, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            var seen = new List<string>();
            foreach (var node in new[] { "k2hdkc-0", "k2hdkc-1" })
            {
                flow.App.ResourceNotifications.TryGetCurrentState(node, out var state);
                var ring = await flow.App.ResourceCommands.ExecuteCommandAsync(node, ShowRingCommand.Name, Token);
                // A container DCP lost track of has no logs to give (DCP answers 400); the line says so instead.
                var log = await Record.ExceptionAsync(() => flow.Logs.AllLinesAsync(node)) is { } failure ? [$"(no logs: {failure.Message})"] : await flow.Logs.AllLinesAsync(node);
                seen.Add($"{node}: state {state?.Snapshot.State?.Text}, health {string.Join(", ", state?.Snapshot.HealthReports.Select(h => $"{h.Name} {h.Status} {h.Description}") ?? [])}\nring seen by it: {ring.Message}\n{ring.Data?.Value}\nits last lines: {string.Join("\n", log.TakeLast(30))}");
            }

            var containers = await CommandLine.RunAsync("podman", ["ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Image}}"], TimeSpan.FromSeconds(30));
            seen.Add($"podman ps -a:\n{containers.Output}");

            throw new TimeoutException($"{ex.Message}\n{string.Join("\n", seen)}", ex);
        }
    }

    /// <summary>Until "Show ring" on k2hdkc-0 shows both servers in service with no merge pending, three polls in a row.</summary>
    private static async Task<string> WaitForMergedRingAsync(DeleteFlowApp flow)
    {
        string? last = null;
        var stable = 0;
        await ExplainRingAsync(flow, () => Eventually.WaitUntilAsync(
            async () =>
            {
                var result = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", ShowRingCommand.Name, Token);
                last = result.Message;
                var servers = Regex.Matches(result.Data?.Value ?? string.Empty, @"status\s+=\s+SAFE -> (\[[^\]]*\]){5}", RegexOptions.None, TimeSpan.FromSeconds(1))
                    .Select(m => m.Value).Where(s => !s.Contains("[SLAVE]", StringComparison.Ordinal)).ToList();
                var merged = result.Success && servers.Count == 3 && servers.All(s => s.EndsWith("[SERVICE IN][UP][n/a][Nothing][NoSuspend]", StringComparison.Ordinal));
                stable = merged ? stable + 1 : 0;
                return stable >= 3;
            },
            RejoinTimeout,
            "both servers [SERVICE IN][UP] with no merge pending",
            TimeSpan.FromSeconds(1)));
        return last ?? string.Empty;
    }

    /// <summary>
    /// The real cluster in containers on Podman, its data on files in the nodes' named volumes (fresh at each start).
    /// The chmpx ports are not used on the host in containers (the nodes listen on 8020/8021 in their own network).
    /// </summary>
    private sealed class Cluster() : RealCluster(
        apiPort: 33680, dkcBasePort: 19620, slaveControlPort: 19631, appPort: 33681, group: "K2HR3CFAULTS", storage: "file", adminUser: "k2hr3-cfaults")
    {
        protected override bool Installed => PodmanImages.Available;

        protected override void RequireInstalled() => PodmanImages.RequireLocalImages();

        /// <summary>The data volumes of this AppHost's nodes (k2hr3.apphost-&lt;hash&gt;-k2hdkc-&lt;i&gt;-data).</summary>
        public static async Task RemoveDataVolumesAsync()
        {
            foreach (var volume in (await PodmanImages.LinesAsync("volume", "ls", "--format", "{{.Name}}")).Where(v => v.StartsWith("k2hr3.apphost-", StringComparison.Ordinal) && v.Contains("-k2hdkc-", StringComparison.Ordinal) && v.EndsWith("-data", StringComparison.Ordinal)))
            {
                await CommandLine.RunAsync("podman", ["volume", "rm", "-f", volume], TimeSpan.FromSeconds(30));
            }
        }

        protected override async Task<DeleteFlowApp> StartAsync(TimeSpan startTimeout, string[] clusterArguments)
        {
            await RemoveDataVolumesAsync();
            return await PodmanAppHost.StartAsync(startTimeout, clusterArguments);
        }
    }
}
