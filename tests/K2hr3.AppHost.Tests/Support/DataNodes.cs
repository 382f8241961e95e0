namespace K2hr3.Tests.Support;

/// <summary>
/// The two data nodes of a started real cluster, driven through Aspire's own Stop and Start commands, and the outage
/// both runtimes are put through (<see cref="RunOutageAsync"/>: DataNodeFaultTests on processes,
/// ContainerDataNodeFaultTests on Podman). A runtime says what stopping a node means, and how a failed wait is explained.
/// </summary>
internal abstract class DataNodes(DeleteFlowApp flow)
{
    protected static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    protected static readonly TimeSpan RejoinTimeout = TimeSpan.FromMinutes(3);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected DeleteFlowApp Flow => flow;

    /// <summary>Aspire's Stop on <paramref name="node"/>, until the node is stopped.</summary>
    public virtual async Task StopAsync(string node)
    {
        var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, KnownResourceCommands.StopCommand, Token);
        Assert.True(result.Success, $"stop {node}: {result.Message}");
        await WaitUntilStoppedAsync(node);
    }

    /// <summary>Aspire's Start on <paramref name="node"/>, until it is healthy (its chmpx in service).</summary>
    public virtual async Task StartAsync(string node)
    {
        var result = await flow.App.ResourceCommands.ExecuteCommandAsync(node, KnownResourceCommands.StartCommand, Token).WaitAsync(RejoinTimeout, Token);
        Assert.True(result.Success, $"start {node}: {result.Message}");
        await ExplainAsync(() => flow.App.ResourceNotifications.WaitForResourceHealthyAsync(node, Token).WaitAsync(RejoinTimeout, Token));
    }

    /// <summary>Until "Show ring" on k2hdkc-0 shows both servers in service with no merge pending, three polls in a row; returns the summary.</summary>
    public async Task<string> WaitForMergedRingAsync(TimeSpan? timeout = null)
    {
        string? last = null;
        string? lastRing = null;
        var stable = 0;
        await ExplainAsync(async () =>
        {
            try
            {
                await Eventually.WaitUntilAsync(
                    async () =>
                    {
                        var result = await flow.App.ResourceCommands.ExecuteCommandAsync("k2hdkc-0", ShowRingCommand.Name, Token);
                        last = result.Message;
                        lastRing = result.Data?.Value;
                        var servers = Regex.Matches(result.Data?.Value ?? string.Empty, @"status\s+=\s+SAFE -> (\[[^\]]*\]){5}", RegexOptions.None, TimeSpan.FromSeconds(1))
                            .Select(m => m.Value).Where(s => !s.Contains("[SLAVE]", StringComparison.Ordinal)).ToList();

                        // The self entry plus both servers, all in service with nothing pending.
                        var merged = result.Success && servers.Count == 3 && servers.All(s => s.EndsWith("[SERVICE IN][UP][n/a][Nothing][NoSuspend]", StringComparison.Ordinal));
                        stable = merged ? stable + 1 : 0;
                        return stable >= 3;
                    },
                    timeout ?? RejoinTimeout,
                    "both servers in service with no merge pending",
                    TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; last chmpxstatus: {last} {lastRing}", ex);
            }
        });
        return last ?? string.Empty;
    }

    /// <summary>
    /// Role traffic through the API while k2hdkc-1 is stopped for 15 s and started again (reads only while it rejoins,
    /// <see cref="RoleTraffic.ReadsOnly"/>) until the ring has merged; then k2hdkc-0 is stopped, so that k2hdkc-1 alone
    /// answers the role — read until every host is there, at most 10 times (<see cref="RoleTraffic.UnreadAsync"/> says
    /// why one read is not enough) —, and started again. Timings go to <paramref name="output"/>.
    /// </summary>
    public async Task<DataNodeOutage> RunOutageAsync(ClusterAdmin admin, string role, ITestOutputHelper output)
    {
        var traffic = RoleTraffic.Start(admin, role);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);

        // Node 1 down (Aspire's own Stop on k2hdkc-1; its chmpx goes with it), the API keeps serving.
        var stop = Stopwatch.StartNew();
        traffic.Phase = "k2hdkc-1 stopping";
        await StopAsync("k2hdkc-1");
        traffic.Phase = "k2hdkc-1 down";
        output.WriteLine($"k2hdkc-1 stopped in {stop.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(15), Token);

        // Back: Aspire's own Start; healthy is chmpx servicein, then chmpx merges.
        var restart = Stopwatch.StartNew();
        traffic.Phase = "k2hdkc-1 starting";
        traffic.ReadsOnly = true;
        await StartAsync("k2hdkc-1");
        var serviceIn = restart.Elapsed;
        traffic.Phase = "k2hdkc-1 servicein, merging";
        var ring = await WaitForMergedRingAsync();
        var merged = restart.Elapsed;
        traffic.Phase = "k2hdkc-1 back, merged";
        traffic.ReadsOnly = false;
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        var results = await traffic.StopAsync();
        output.WriteLine(results.Summary());
        output.WriteLine($"k2hdkc-1 servicein {serviceIn.TotalSeconds:0.0} s after Start, merge done after {merged.TotalSeconds:0.0} s ({ring})");

        // The other node down: node 1 alone answers the role.
        await StopAsync("k2hdkc-0");
        await WaitUntilServingAloneAsync("k2hdkc-1", "k2hdkc-0");
        var lost = await RoleTraffic.UnreadAsync(admin, role, results.Written, output, "k2hdkc-0 down");
        output.WriteLine($"with k2hdkc-0 stopped, k2hdkc-1 alone answered {results.Written.Count - lost.Count}/{results.Written.Count} hosts; lost: {string.Join(", ", lost.Select(w => $"{w.Ip} ({w.Phase})"))}");

        var again = Stopwatch.StartNew();
        await StartAsync("k2hdkc-0");
        output.WriteLine($"k2hdkc-0 healthy again {again.Elapsed.TotalSeconds:0.0} s after Start");
        return new DataNodeOutage(results, lost);
    }

    /// <summary>Until <paramref name="node"/>'s resources are stopped.</summary>
    protected virtual Task WaitUntilStoppedAsync(string node)
        => flow.App.ResourceNotifications.WaitForResourceAsync(node, e => DataNodeLifecycle.IsStopped(e.Snapshot), Token).WaitAsync(StateTimeout, Token);

    /// <summary>Until <paramref name="survivor"/> serves without <paramref name="stopped"/>; by default the reads' retries wait instead.</summary>
    protected virtual Task WaitUntilServingAloneAsync(string survivor, string stopped) => Task.CompletedTask;

    /// <summary>Runs <paramref name="wait"/>; when it fails, rethrows with what the runtime can tell about the nodes.</summary>
    protected abstract Task ExplainAsync(Func<Task> wait);
}

/// <summary>What <see cref="DataNodes.RunOutageAsync"/> saw: the traffic's results and the hosts k2hdkc-1 alone did not list.</summary>
internal sealed record DataNodeOutage(RoleTraffic.Results Traffic, IReadOnlyList<(string Phase, string Ip, string Cuk)> Lost)
{
    /// <summary>Hosts written while k2hdkc-1 was stopped: what it must hold after its rejoin.</summary>
    public IReadOnlyList<(string Phase, string Ip, string Cuk)> WrittenWhileDown => [.. Traffic.Written.Where(w => w.Phase == "k2hdkc-1 down")];

    public IReadOnlyList<(string Phase, string Ip, string Cuk)> LostWhileDown => [.. Lost.Where(w => w.Phase == "k2hdkc-1 down")];

    /// <summary>
    /// Hosts lost that were written at any time but while k2hdkc-1 was being stopped: k2hdkc replicates after it has
    /// answered, so a write its node acknowledged just before it went away may not have reached the other node.
    /// </summary>
    public IReadOnlyList<(string Phase, string Ip, string Cuk)> LostOutsideTheStop => [.. Lost.Where(w => w.Phase != "k2hdkc-1 stopping")];
}
