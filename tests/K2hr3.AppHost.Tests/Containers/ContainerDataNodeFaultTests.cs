namespace K2hr3.Tests.Containers;

/// <summary>
/// A data node lost and back in the containers runtime on Podman (issue 13): the outage of
/// <c>DataNodeFaultTests.ADataNodeStoppedWhileTheApiServesLosesNoRequestAndHoldsWhatWasWrittenMeanwhile</c>
/// (<see cref="DataNodes.RunOutageAsync"/>) with each
/// node one container (chmpx and k2hdkc, containers/k2hdkc-node.sh) whose k2hash file is on a named data volume, so
/// the restarted node starts on its old file. Numbers go to the test output.
/// </summary>
[Collection(PodmanCollection.Name)]
public sealed class ContainerDataNodeFaultTests(ITestOutputHelper output)
{
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

            var outage = await new ContainerDataNodes(flow).RunOutageAsync(admin, role, output);

            output.WriteLine($"{outage.WrittenWhileDown.Count} hosts written while k2hdkc-1 was down, of them lost: {outage.LostWhileDown.Count}; {outage.Traffic.Failures.Count} failed requests");
            Assert.NotEmpty(outage.WrittenWhileDown);
            Assert.Empty(outage.Traffic.Failures);
            Assert.Empty(outage.LostWhileDown);
            Assert.Empty(outage.LostOutsideTheStop);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await cluster.DisposeAsync().AsTask().WaitAsync(stop.Token);
            await Cluster.RemoveDataVolumesAsync(); // the next run starts on empty data
        }
    }

    /// <summary>The data nodes in the containers runtime: a node is one container, chmpx and k2hdkc together.</summary>
    private sealed class ContainerDataNodes(DeleteFlowApp flow) : DataNodes(flow)
    {
        /// <summary>A wait whose failure carries chmpxstatus as both nodes see it, the nodes' last log lines and Podman's containers.</summary>
        protected override async Task ExplainAsync(Func<Task> wait)
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
                    Flow.App.ResourceNotifications.TryGetCurrentState(node, out var state);
                    var ring = await Flow.App.ResourceCommands.ExecuteCommandAsync(node, ShowRingCommand.Name, Token);
                    // A container DCP lost track of has no logs to give (DCP answers 400); the line says so instead.
                    var log = await Record.ExceptionAsync(() => Flow.Logs.AllLinesAsync(node)) is { } failure ? [$"(no logs: {failure.Message})"] : await Flow.Logs.AllLinesAsync(node);
                    seen.Add($"{node}: state {state?.Snapshot.State?.Text}, health {string.Join(", ", state?.Snapshot.HealthReports.Select(h => $"{h.Name} {h.Status} {h.Description}") ?? [])}\nring seen by it: {ring.Message}\n{ring.Data?.Value}\nits last lines: {string.Join("\n", log.TakeLast(30))}");
                }

                var containers = await CommandLine.RunAsync("podman", ["ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Image}}"], TimeSpan.FromSeconds(30));
                seen.Add($"podman ps -a:\n{containers.Output}");

                throw new TimeoutException($"{ex.Message}\n{string.Join("\n", seen)}", ex);
            }
        }
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
