using System.Globalization;
using System.Text.RegularExpressions;

namespace K2hr3.AppHost.Dkc;

/// <summary>
/// Keeps every data node's chmpx in the ring while its k2hdkc runs (processes runtime), as the Helm chart's k2hdkc
/// wrapper does in its watcher loop (k2hr3_helm_chart files/k2hr3-k2hdkc-serverproc-wrap.sh <c>-watcher</c>): chmpx
/// does not always finish a rejoin by itself — measured here, a restarted node stuck for minutes in
/// <c>[ADD][Pending]</c>, or the ring left in <c>[ADD][Done]</c> after the merge — and the remedy is a nudge through
/// <c>chmpxlinetool</c>:
/// <list type="bullet">
/// <item>in service but <c>[ADD][Pending]</c> for <see cref="StuckAfter"/>: service it out, so automerge adds it again;</item>
/// <item>out of service with its k2hdkc attached (not suspended) for <see cref="StuckAfter"/>: service it in;</item>
/// <item><c>[ADD][Done]</c> (this node merged) for <see cref="MergeDoneAfter"/>: complete the merge, as chmpx does
/// itself once it sees every server done (measured: a rejoined node done, the other never reported done);</item>
/// <item>otherwise every <see cref="StatusUpdateEvery"/>: push this node's status to the others (<c>statusupdate</c>).</item>
/// </list>
/// Every nudge is one line in the node's log.
/// </summary>
internal sealed class RingKeeper(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs) : BackgroundService
{
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MergeDoneAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StatusUpdateEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    internal static void Add(IResourceBuilder<K2hdkcResource> k2hdkc, IResourceBuilder<ChmpxResource> chmpx, RingKeeperTarget target)
    {
        k2hdkc.WithAnnotation(new RingKeeperAnnotation(chmpx.Resource, target));
        k2hdkc.ApplicationBuilder.Services.AddHostedServiceOnce<RingKeeper>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nodes = model.Resources
            .SelectMany(r => r.Annotations.OfType<RingKeeperAnnotation>().Select(a => new NodeWatch(r.Name, a)))
            .ToList();
        if (nodes.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var node in nodes)
                {
                    await KeepAsync(node, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task KeepAsync(NodeWatch node, CancellationToken cancellationToken)
    {
        if (!IsRunning(node.K2hdkc) || !IsRunning(node.Annotation.Chmpx.Name))
        {
            node.Reset(); // stopped, starting or waiting: DataNodeLifecycle and the health checks speak for it
            return;
        }

        var target = node.Annotation.Target;
        var self = await ProcessRunner.RunAsync(target.ChmpxStatus, ["-conf", target.IniPath, "-ctlport", target.ControlPortText, "-self"], CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (!self.Succeeded || ChmpxSelfStatus.Parse(self.StandardOutput) is not { } status)
        {
            // chmpx busy or just going: the next tick looks again. Said once, so a keeper that cannot see is not silent.
            if (node.TakeUnreadableWarning())
            {
                RingKeeperLog.Unreadable(logs.GetLogger(node.InstanceName(notifications)), node.K2hdkc, FirstLine(self.StandardError) ?? FirstLine(self.StandardOutput) ?? $"exit code {self.ExitCode}");
            }

            return;
        }

        node.StatusRead();
        var now = DateTimeOffset.UtcNow;
        var since = node.Observe(status, now);
        if (since == now && (!status.ServiceIn || status.Action != "n/a" || status.Operation != "Nothing"))
        {
            // Each unfinished state once, as the keeper sees it: what a stuck join was doing, and that the keeper saw it.
            RingKeeperLog.Watching(logs.GetLogger(node.InstanceName(notifications)), node.K2hdkc, status.Text);
        }

        var nudge = RingKeeperPolicy.Decide(status, now - since, now - node.LastStatusUpdate);
        if (nudge == RingNudge.None)
        {
            return;
        }

        // Every nudge is followed by a status update, as in the Helm chart's command files.
        var commands = nudge switch
        {
            RingNudge.ServiceOut => "serviceout\nsleep 1\n",
            RingNudge.ServiceIn => "servicein\nsleep 1\n",
            RingNudge.CompleteMerge => "merge complete\nsleep 1\n",
            _ => string.Empty,
        } + "statusupdate\nexit\n";
        var file = Path.Combine(Path.GetTempPath(), $"k2hr3-ring-keeper-{target.ControlPortText}-{Environment.ProcessId}.cmd");
        await File.WriteAllTextAsync(file, commands, cancellationToken).ConfigureAwait(false);
        try
        {
            // chmpxlinetool aimed at this node by its name and control port: with -conf it takes the node list from the
            // ring, where a server that connects to another is also listed as a slave, and refuses "host is slave node".
            var result = await ProcessRunner.RunAsync(
                target.ChmpxLineTool,
                ["-group", target.Group, "-host", status.HostName, "-ctrlport", target.ControlPortText, "-server", "-nocolor", "-run", file],
                CommandTimeout,
                cancellationToken).ConfigureAwait(false);
            node.LastStatusUpdate = now;
            if (nudge != RingNudge.StatusUpdate)
            {
                var logger = logs.GetLogger(node.InstanceName(notifications));
                RingKeeperLog.Nudged(logger, node.K2hdkc, status.Text, (now - node.Since).TotalSeconds, RingKeeperPolicy.Describe(nudge), Outcome(result));
                node.Reset();
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>chmpxlinetool exits 0 even when chmpx refused a command; its "Failed to send …" line says so.</summary>
    private static string Outcome(ProcessResult result) =>
        (result.StandardOutput + result.StandardError).Split('\n').FirstOrDefault(l => l.StartsWith("Failed", StringComparison.Ordinal))?.Trim()
        ?? (result.Succeeded ? "done" : $"chmpxlinetool exited {result.ExitCode}");

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private bool IsRunning(string resource) =>
        notifications.TryGetCurrentState(resource, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running;

    /// <summary>What the keeper remembers of one node: the state it is in and since when.</summary>
    private sealed class NodeWatch(string k2hdkc, RingKeeperAnnotation annotation)
    {
        private string? _state;
        private bool _unreadableSaid;

        public string K2hdkc { get; } = k2hdkc;

        public RingKeeperAnnotation Annotation { get; } = annotation;

        public DateTimeOffset Since { get; private set; }

        public DateTimeOffset LastStatusUpdate { get; set; } = DateTimeOffset.UtcNow;

        /// <summary>Records the state and returns since when the node has been in it.</summary>
        public DateTimeOffset Observe(ChmpxSelfStatus status, DateTimeOffset now)
        {
            if (_state != status.Text)
            {
                _state = status.Text;
                Since = now;
            }

            return Since;
        }

        public void Reset() => _state = null;

        /// <summary>True the first time the status cannot be read since it last could.</summary>
        public bool TakeUnreadableWarning()
        {
            var first = !_unreadableSaid;
            _unreadableSaid = true;
            return first;
        }

        public void StatusRead() => _unreadableSaid = false;

        public string InstanceName(ResourceNotificationService notifications) =>
            notifications.TryGetCurrentState(K2hdkc, out var current) ? current.ResourceId : K2hdkc;
    }
}

/// <summary>How to reach one node's chmpx with chmpxstatus and chmpxlinetool.</summary>
internal sealed record RingKeeperTarget(string ChmpxStatus, string ChmpxLineTool, string IniPath, string Group, int ControlPort)
{
    public string ControlPortText => ControlPort.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Marks k2hdkc-&lt;i&gt; as a node the <see cref="RingKeeper"/> looks after.</summary>
internal sealed record RingKeeperAnnotation(ChmpxResource Chmpx, RingKeeperTarget Target) : IResourceAnnotation;

public enum RingNudge
{
    None,
    StatusUpdate,
    ServiceOut,
    ServiceIn,
    CompleteMerge,
}

/// <summary>The keeper's rules, apart from the processes so they can be tested on their own.</summary>
internal static class RingKeeperPolicy
{
    public static RingNudge Decide(ChmpxSelfStatus status, TimeSpan inStateFor, TimeSpan sinceStatusUpdate)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.Up)
        {
            return RingNudge.None;
        }

        if (status.ServiceIn && status.Action == "ADD" && status.Operation == "Pending" && inStateFor >= RingKeeper.StuckAfter)
        {
            return RingNudge.ServiceOut;
        }

        if (!status.ServiceIn && !status.Suspended && status.Operation is "Nothing" or "Pending" && inStateFor >= RingKeeper.StuckAfter)
        {
            return RingNudge.ServiceIn;
        }

        if (status.Operation == "Done" && inStateFor >= RingKeeper.MergeDoneAfter)
        {
            return RingNudge.CompleteMerge;
        }

        return sinceStatusUpdate >= RingKeeper.StatusUpdateEvery ? RingNudge.StatusUpdate : RingNudge.None;
    }

    public static string Describe(RingNudge nudge) => nudge switch
    {
        RingNudge.ServiceOut => "serviced it out so automerge adds it again",
        RingNudge.ServiceIn => "serviced it in",
        RingNudge.CompleteMerge => "completed the merge",
        RingNudge.StatusUpdate => "pushed its status to the other nodes",
        _ => "left it as it is",
    };
}

/// <summary>The self entry of <c>chmpxstatus -self</c>: its host name and <c>[ring][live][action][operation][suspend]</c>.</summary>
internal sealed partial record ChmpxSelfStatus(string HostName, string Ring, string Live, string Action, string Operation, string Suspend)
{
    public bool ServiceIn => Ring == "SERVICE IN";

    public bool Up => Live == "UP";

    public bool Suspended => Suspend == "Suspend";

    public string Text => $"[{Ring}][{Live}][{Action}][{Operation}][{Suspend}]";

    /// <summary>The first host name and status lines of the output (the self chmpx); null when there are none.</summary>
    public static ChmpxSelfStatus? Parse(string chmpxStatusSelfOutput)
    {
        ArgumentNullException.ThrowIfNull(chmpxStatusSelfOutput);
        var host = HostNameLine().Match(chmpxStatusSelfOutput);
        var status = StatusLine().Match(chmpxStatusSelfOutput);
        return host.Success && status.Success ? FromStatusLine(host.Groups[1].Value, status.Value) : null;
    }

    /// <summary>The status in one <c>status = SAFE -> [..][..][..][..][..]</c> line of a server named <paramref name="hostName"/>; null when it is not one.</summary>
    public static ChmpxSelfStatus? FromStatusLine(string hostName, string statusLine)
    {
        ArgumentNullException.ThrowIfNull(statusLine);
        var status = StatusLine().Match(statusLine);
        return status.Success
            ? new ChmpxSelfStatus(hostName, status.Groups[1].Value, status.Groups[2].Value, status.Groups[3].Value, status.Groups[4].Value, status.Groups[5].Value)
            : null;
    }

    [GeneratedRegex(@"^\s*hostname\s*=\s*(\S+)\s*$", RegexOptions.Multiline, 1000)]
    private static partial Regex HostNameLine();

    [GeneratedRegex(@"^\s*status\s*=\s*\S+\s*->\s*\[([^\]]*)\]\[([^\]]*)\]\[([^\]]*)\]\[([^\]]*)\]\[([^\]]*)\]", RegexOptions.Multiline, 1000)]
    private static partial Regex StatusLine();
}

internal static partial class RingKeeperLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "ring keeper: {K2hdkc}'s chmpx was {Status} for {Seconds:0} s: {Nudge} ({Result}) — as the Helm chart's k2hdkc watcher does")]
    public static partial void Nudged(ILogger logger, string k2hdkc, string status, double seconds, string nudge, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "ring keeper: {K2hdkc}'s chmpx is {Status}; watching it")]
    public static partial void Watching(ILogger logger, string k2hdkc, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ring keeper: cannot read {K2hdkc}'s chmpx status ({Reason}); trying again every few seconds")]
    public static partial void Unreadable(ILogger logger, string k2hdkc, string reason);
}
