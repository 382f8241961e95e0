using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Dkc;

/// <summary>How to run chmpxstatus for one chmpx: on this host, or inside its container.</summary>
internal abstract record ChmpxStatusInvocation
{
    /// <summary>Command and leading arguments, or a reason why it cannot run yet.</summary>
    public abstract Task<ChmpxStatusCommand> ResolveAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>A runnable chmpxstatus command line, or why there is none yet.</summary>
internal sealed record ChmpxStatusCommand(string? File, IReadOnlyList<string> Arguments, string? NotReadyReason);

/// <summary>chmpxstatus from the host's chmpx package, picking the node by its control port.</summary>
internal sealed record LocalChmpxStatus(string ChmpxStatusPath, string IniPath, int ControlPort) : ChmpxStatusInvocation
{
    public override Task<ChmpxStatusCommand> ResolveAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        Task.FromResult(new ChmpxStatusCommand(ChmpxStatusPath, ["-conf", IniPath, "-ctlport", ControlPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], null));
}

/// <summary>chmpxstatus inside the running container of <paramref name="Resource"/> (<c>docker exec</c>).</summary>
internal sealed record ContainerChmpxStatus(string ContainerRuntime, IResource Resource, string IniPath) : ChmpxStatusInvocation
{
    // Aspire's snapshot property holding the runtime's container id.
    /// <summary>The snapshot property DCP fills with the container id (Aspire's own name for it is internal).</summary>
    public const string ContainerIdProperty = "container.id";

    public override async Task<ChmpxStatusCommand> ResolveAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();

        // The latest snapshot is returned at once when it already has an id; otherwise give up quickly.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            var current = await notifications.WaitForResourceAsync(Resource.Name, e => ContainerId(e) is not null, wait.Token).ConfigureAwait(false);
            return new ChmpxStatusCommand(ContainerRuntime, ["exec", ContainerId(current)!, "chmpxstatus", "-conf", IniPath], null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChmpxStatusCommand(null, [], $"{Resource.Name} has no running container yet");
        }
    }

    private static string? ContainerId(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == ContainerIdProperty)?.Value as string is { Length: > 0 } id ? id : null;
}

/// <summary>
/// Healthy when chmpx reports one of <paramref name="acceptable"/> states: the readiness test of the Helm chart's
/// wrapper scripts (<c>chmpxstatus -self -wait -live up -ring ... -(no)suspend -timeout 1</c>, exit 0) and, for a state
/// that asks for it (<see cref="ChmpxState.Merged"/>), the ring settled as this chmpx sees it (<see cref="ChmpxRingView"/>).
/// </summary>
/// <param name="node">The resource whose console gets a warning when its join is served unfinished (none in unit tests).</param>
internal sealed partial class ChmpxStatusHealthCheck(ChmpxStatusInvocation invocation, IReadOnlyList<ChmpxState> acceptable, IServiceProvider services, TimeSpan? joinWait = null, IResource? node = null) : IHealthCheck
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node in the ring may wait for its join to finish before it counts as ready anyway. A join left at
    /// <c>[ADD][Done]</c> is completed by the ring keeper after 30 s; one stuck at <c>[ADD][Doing]</c> was seen to stay
    /// for minutes (chmpx refuses to complete a merge another server still runs), and before this wait existed such a
    /// node was served from at once — so after this long it is again, reported in the check's description.
    /// </summary>
    public static readonly TimeSpan DefaultJoinWait = TimeSpan.FromSeconds(90);

    // Health checks are created per run, so each unfinished join is kept here, by the node's command line: since when it
    // was seen, and whether its console has had the one warning.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, UnfinishedJoin> Joins = new(StringComparer.Ordinal);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var command = await invocation.ResolveAsync(services, cancellationToken).ConfigureAwait(false);
        if (command.File is null)
        {
            return HealthCheckResult.Unhealthy(command.NotReadyReason);
        }

        var nodeKey = string.Join(' ', [command.File, .. command.Arguments]);
        string? lastError = null;
        foreach (var state in acceptable)
        {
            var result = await ProcessRunner.RunAsync(command.File, [.. command.Arguments, .. state.WaitArguments], CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded && !state.Merged)
            {
                return HealthCheckResult.Healthy($"chmpx is {state}");
            }

            if (result.Succeeded)
            {
                // chmpxstatus without -self prints this chmpx's view of every server.
                var printed = await ProcessRunner.RunAsync(command.File, command.Arguments, CommandTimeout, cancellationToken).ConfigureAwait(false);
                var view = printed.Succeeded ? ChmpxRingView.Parse(printed.StandardOutput) : null;
                var unsettled = view?.Unsettled(state.EveryServerInService);
                if (view is not null && unsettled is null)
                {
                    Joins.TryRemove(nodeKey, out _);
                    return HealthCheckResult.Healthy($"chmpx is {state}");
                }

                var wait = joinWait ?? DefaultJoinWait;
                var join = view is null ? null : Joins.GetOrAdd(nodeKey, _ => new UnfinishedJoin(DateTimeOffset.UtcNow));
                if (join is not null && DateTimeOffset.UtcNow - join.Since >= wait)
                {
                    if (node is not null && join.TakeWarning())
                    {
                        LogServingAnyway(services.GetRequiredService<ResourceLoggerService>().GetLogger(node), node.Name, unsettled!, wait.TotalSeconds);
                    }

                    return HealthCheckResult.Healthy($"chmpx is in the ring, its join still {unsettled} after {wait.TotalSeconds:0} s: serving anyway, the ring keeper nudges it");
                }

                lastError = view is null
                    ? FirstLine(printed.StandardError) ?? "chmpxstatus printed no status"
                    : $"in the ring but its join is not finished: {unsettled}";
                continue;
            }

            if (state.Merged)
            {
                // Not in the ring (yet, or any more): a join's wait starts afresh when it is next seen in the ring, so a
                // node restarted in the same run, or by a second run with the same files, gets the whole wait again.
                Joins.TryRemove(nodeKey, out _);
            }

            lastError = FirstLine(result.StandardError) ?? FirstLine(result.StandardOutput) ?? lastError;
        }

        var wanted = string.Join(" or ", acceptable);
        return HealthCheckResult.Unhealthy(lastError is null ? $"chmpx is not {wanted} yet" : $"chmpx is not {wanted} yet: {lastError}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Node}: its join is still unfinished after {Seconds:0} s ({Status}); counted as ready anyway — what is written before the join finishes may be missing from a node")]
    private static partial void LogServingAnyway(ILogger logger, string node, string status, double seconds);

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>A join first seen unfinished at <see cref="Since"/>; its warning is given once.</summary>
    private sealed class UnfinishedJoin(DateTimeOffset since)
    {
        private int _warned;

        public DateTimeOffset Since { get; } = since;

        /// <summary>True for the first caller only.</summary>
        public bool TakeWarning() => Interlocked.Exchange(ref _warned, 1) == 0;
    }
}
