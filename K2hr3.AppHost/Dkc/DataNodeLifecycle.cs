using System.Collections.Immutable;

namespace K2hr3.AppHost.Dkc;

/// <summary>
/// A data node as one thing in the dashboard (processes runtime, where chmpx and k2hdkc are two resources):
/// <list type="bullet">
/// <item>k2hdkc gone — stopped from the dashboard, crashed, killed — takes its chmpx out of the ring
/// (<see cref="DataNodeWatcher"/>): a chmpx left in service without its k2hdkc still gets the keys hashed to it and
/// every such request waits for a time-out (measured: ~10 s for three reads), while a stopped chmpx is marked DOWN and
/// the other node serves its replica at once — what the container entrypoint does when one side dies;</item>
/// <item>Aspire's own Start on <c>k2hdkc-&lt;i&gt;</c> starts its chmpx first when that was stopped, and k2hdkc then
/// waits for it as at the first start; chmpx re-joins and merges what the other node took while it was away
/// (AUTOMERGE/DOMERGE on, REPLICA = 1: ChmpxIniRenderer);</item>
/// <item>a node that comes back into a serving ring (a restart after its first start, while every other node is in
/// service) starts from an empty k2hash file — the old one is kept as <c>&lt;file&gt;.stale</c> — and takes the current
/// data from the ring. Merged into the old file, the node would keep what the others deleted while it was away (the
/// merge sends what they hold, not what they removed) and, with upstream's k2hash, its old subkey lists — where K2HR3
/// keeps a role's hosts (docs/k2hr3.md §5; our build carries the fix): measured before the fix, 2 of 23 hosts once the
/// other node was stopped. That is how the Helm chart runs it too (k2hash file on a memory emptyDir). At the AppHost's
/// start, or with another node down as well, the file is kept: it may be the only copy;</item>
/// <item>a property saying where the node keeps its data, volatile for <c>K2hr3:Dkc:Storage=Memory</c>.</item>
/// </list>
/// </summary>
internal static class DataNodeLifecycle
{
    /// <summary>Dashboard property of each k2hdkc-&lt;i&gt; naming its storage.</summary>
    public const string StorageProperty = "k2hdkc.storage";

    /// <summary>How long a start waits for the node's chmpx to come up again before it gives up.</summary>
    public static readonly TimeSpan ChmpxStartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>What the dashboard shows for a node's storage.</summary>
    public static string StorageText(DkcTopology topology, DkcNode node)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(node);
        return topology.Storage == K2hdkcStorage.File
            ? $"file {node.K2hFile} (kept across restarts)"
            : "memory — volatile: this node's data is lost when it stops (the other node's replica refills it on rejoin); all of it when every node stops (K2hr3:Dkc:Storage=File keeps it)";
    }

    internal static void Add(K2hr3ClusterBuilder k2hr3, IResourceBuilder<K2hdkcResource> k2hdkc, IResourceBuilder<ChmpxResource> chmpx, DkcNode node)
    {
        var storage = StorageText(k2hr3.Model.Dkc, node);
        var otherNodes = k2hr3.Model.Dkc.Nodes.Where(n => n.Index != node.Index).Select(n => n.ResourceName).ToArray();
        var starts = 0;
        k2hdkc.WithAnnotation(new DataNodeAnnotation(chmpx.Resource, storage));
        k2hdkc.OnBeforeResourceStarted(async (resource, e, cancellationToken) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(resource, s => s with { Properties = s.Properties.SetK2hr3Property(StorageProperty, storage) }).ConfigureAwait(false);
            var instance = notifications.TryGetCurrentState(resource.Name, out var current) ? current.ResourceId : resource.Name;
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(instance);
            if (Interlocked.Increment(ref starts) > 1 && node.K2hFile is { } file && File.Exists(file) && otherNodes.All(n => IsServing(notifications, n)))
            {
                File.Move(file, file + ".stale", overwrite: true);
                DataNodeLog.StartingEmpty(logger, resource.Name, file + ".stale");
            }

            await StartChmpxIfStoppedAsync(e.Services, logger, chmpx.Resource, cancellationToken).ConfigureAwait(false);
        });

        k2hr3.ApplicationBuilder.Services.AddHostedServiceOnce<DataNodeWatcher>();
    }

    /// <summary>At a restart of k2hdkc: its chmpx was stopped with it (or by hand), so start that first and wait until it is up.</summary>
    private static bool IsServing(ResourceNotificationService notifications, string node) =>
        notifications.TryGetCurrentState(node, out var current)
        && current.Snapshot.State?.Text == KnownResourceStates.Running
        && current.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    private static async Task StartChmpxIfStoppedAsync(IServiceProvider services, ILogger logger, ChmpxResource chmpx, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(chmpx.Name, out var current) || !IsStopped(current.Snapshot))
        {
            return; // first start (DCP starts chmpx itself) or it still runs
        }

        DataNodeLog.StartingChmpx(logger, chmpx.Name);
        var result = await services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(chmpx.Name, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            DataNodeLog.ChmpxStartFailed(logger, chmpx.Name, result.Message ?? "no reason given");
            return; // k2hdkc's own WaitFor reports the node as waiting
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ChmpxStartTimeout);
        try
        {
            await notifications.WaitForResourceHealthyAsync(chmpx.Name, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            DataNodeLog.ChmpxStartFailed(logger, chmpx.Name, $"not up within {ChmpxStartTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Exited, Finished or FailedToStart: the process is not running (stopped, crashed or killed).</summary>
    public static bool IsStopped(CustomResourceSnapshot snapshot) =>
        snapshot?.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    internal static ImmutableArray<ResourcePropertySnapshot> SetK2hr3Property(this ImmutableArray<ResourcePropertySnapshot> properties, string name, string value)
        => properties.RemoveAll(p => p.Name == name).Add(new ResourcePropertySnapshot(name, value));

    /// <summary>One hosted service for all data nodes, however many nodes register it.</summary>
    internal static void AddHostedServiceOnce<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T)))
        {
            services.AddHostedService<T>();
        }
    }
}

/// <summary>Marks k2hdkc-&lt;i&gt; as a data node whose chmpx is <paramref name="Chmpx"/>.</summary>
internal sealed record DataNodeAnnotation(ChmpxResource Chmpx, string Storage) : IResourceAnnotation;

/// <summary>Stops a data node's chmpx when its k2hdkc stops running, for whatever reason.</summary>
internal sealed class DataNodeWatcher(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nodes = model.Resources.Select(r => (Resource: r, Node: r.Annotations.OfType<DataNodeAnnotation>().SingleOrDefault()))
            .Where(n => n.Node is not null)
            .ToDictionary(n => n.Resource.Name, n => (n.Resource, n.Node!.Chmpx), StringComparer.Ordinal);
        if (nodes.Count == 0)
        {
            return;
        }

        var running = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!nodes.TryGetValue(e.Resource.Name, out var node))
                {
                    continue;
                }

                if (e.Snapshot.State?.Text == KnownResourceStates.Running)
                {
                    running.Add(node.Resource.Name);
                }
                else if (DataNodeLifecycle.IsStopped(e.Snapshot) && running.Remove(node.Resource.Name) && !lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    await TakeOutOfRingAsync(node.Resource, e.ResourceId, node.Chmpx, e.Snapshot, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TakeOutOfRingAsync(IResource k2hdkc, string instance, ChmpxResource chmpx, CustomResourceSnapshot snapshot, CancellationToken cancellationToken)
    {
        var logger = logs.GetLogger(instance);
        var exit = snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
        if (!notifications.TryGetCurrentState(chmpx.Name, out var current) || DataNodeLifecycle.IsStopped(current.Snapshot))
        {
            DataNodeLog.K2hdkcStopped(logger, k2hdkc.Name, snapshot.State?.Text ?? "stopped", exit, "its chmpx is not running");
            return;
        }

        DataNodeLog.K2hdkcStopped(logger, k2hdkc.Name, snapshot.State?.Text ?? "stopped", exit, $"stopping {chmpx.Name} so the ring serves its keys from the replica; Start {k2hdkc.Name} brings the node back");
        try
        {
            var result = await commands.ExecuteCommandAsync(chmpx.Name, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                DataNodeLog.ChmpxStopFailed(logger, chmpx.Name, result.Message ?? "no reason given");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DataNodeLog.ChmpxStopFailed(logger, chmpx.Name, ex.Message);
        }
    }
}

internal static partial class DataNodeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{K2hdkc} is {State} (exit code {ExitCode}): {Action}")]
    public static partial void K2hdkcStopped(ILogger logger, string k2hdkc, string state, string exitCode, string action);

    [LoggerMessage(Level = LogLevel.Error, Message = "could not stop {Chmpx}: {Reason}")]
    public static partial void ChmpxStopFailed(ILogger logger, string chmpx, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{K2hdkc} rejoins a serving ring: its k2hash file, stale since it stopped, was moved to {Stale}; the node starts empty and takes the current data from the other nodes (chmpx merge)")]
    public static partial void StartingEmpty(ILogger logger, string k2hdkc, string stale);

    [LoggerMessage(Level = LogLevel.Information, Message = "starting {Chmpx} first: the node's chmpx was stopped")]
    public static partial void StartingChmpx(ILogger logger, string chmpx);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Chmpx} did not start: {Reason}")]
    public static partial void ChmpxStartFailed(ILogger logger, string chmpx, string reason);
}
