namespace K2hr3.Tests.Support;

/// <summary>
/// Collects the console lines of some resources while a test runs, so a failure can say what state each resource was in
/// and what it said. Start it after <c>BuildAsync</c> and before <c>StartAsync</c>.
/// </summary>
public sealed class ResourceLogs : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];
    private readonly DistributedApplication _app;
    private readonly string[] _resourceNames;

    /// <summary>Every resource of the model.</summary>
    public ResourceLogs(DistributedApplication app)
        : this(app, [.. app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name)])
    {
    }

    public ResourceLogs(DistributedApplication app, params string[] resourceNames)
    {
        _app = app;
        _resourceNames = resourceNames;
        var wanted = resourceNames.ToHashSet(StringComparer.Ordinal);
        var watched = new HashSet<string>(StringComparer.Ordinal);

        // DCP resources log under their instance ids (k2hr3-api-abcd1234), known only once the app starts them, and a
        // restarted container gets a new one: every instance is watched from the moment its resource reports it.
        _watchers.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(_stop.Token))
                {
                    if (wanted.Contains(e.Resource.Name) && watched.Add(e.ResourceId))
                    {
                        lock (_watchers)
                        {
                            _watchers.Add(WatchInstanceAsync(e.Resource.Name, e.ResourceId));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }

    private Task WatchInstanceAsync(string name, string instance) => Task.Run(async () =>
    {
        try
        {
            await foreach (var batch in _app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(instance).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    _lines.Enqueue($"[{name}] {line.Content}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    });

    /// <summary>
    /// Everything <paramref name="resourceName"/> printed since it started, read from DCP's log of the process (the
    /// watchers above see only what arrives while they watch).
    /// </summary>
    public async Task<IReadOnlyList<string>> AllLinesAsync(string resourceName)
    {
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        var resource = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var lines = new List<string>();
        await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(_stop.Token))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        return lines;
    }

    /// <summary>What <paramref name="resourceName"/> printed (or the AppHost logged for it) while the watchers ran.</summary>
    public IReadOnlyList<string> LinesOf(string resourceName)
    {
        var prefix = $"[{resourceName}] ";
        return [.. _lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..])];
    }

    public override string ToString()
    {
        var states = _resourceNames.Select(name => _app.ResourceNotifications.TryGetCurrentState(name, out var current)
            ? $"[{name}] state {current.Snapshot.State?.Text ?? "(none)"}, exit code {current.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, health {current.Snapshot.HealthStatus?.ToString() ?? "-"}{Unhealthy(current.Snapshot)}"
            : $"[{name}] no state");
        var lines = _lines.ToArray();
        var shown = lines.Length <= MaxLinesShown
            ? lines
            : [$"({lines.Length - MaxLinesShown} earlier lines left out; {KeepDirectoryVariable} keeps them all)", .. lines[^MaxLinesShown..]];
        return string.Join(Environment.NewLine, states.Concat(shown));
    }

    /// <summary>How many of the last collected lines a failure message holds.</summary>
    private const int MaxLinesShown = 400;

    /// <summary>Why a resource is not healthy, in its health checks' own words (e.g. the chmpx state a data node waits for).</summary>
    private static string Unhealthy(CustomResourceSnapshot snapshot)
    {
        var reasons = snapshot.HealthReports
            .Where(r => r.Status is not HealthStatus.Healthy)
            .Select(r => $"{r.Name}: {r.Status?.ToString() ?? "pending"}{(r.Description is { Length: > 0 } d ? " — " + d : string.Empty)}{(r.ExceptionText is { Length: > 0 } e ? " — " + e.Split('\n')[0] : string.Empty)}")
            .ToList();
        return reasons.Count == 0 ? string.Empty : $" ({string.Join("; ", reasons)})";
    }

    /// <summary>
    /// Starts the app within <paramref name="timeout"/>. Aspire's <c>StartAsync</c> returns only once every resource that
    /// waits for others has been started, so a time-out here means something never became ready: the failure says which.
    /// </summary>
    public Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ExplainFailureAsync(() => _app.StartAsync(cancellationToken).WaitAsync(timeout, cancellationToken));

    /// <summary>Runs <paramref name="step"/>; when it throws, rethrows with the states and collected lines attached.</summary>
    public async Task ExplainFailureAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.IAssertionException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Resource logs:{Environment.NewLine}{this}", ex);
        }
    }

    /// <summary>
    /// Where every collected line is kept once the app is gone, one file per resource (<c>K2HR3_TEST_RESOURCE_LOG_DIR</c>):
    /// for tracing what the data tier did in a run that lost data, which a failure message cannot hold.
    /// </summary>
    public const string KeepDirectoryVariable = "K2HR3_TEST_RESOURCE_LOG_DIR";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] watchers;
        lock (_watchers)
        {
            watchers = [.. _watchers];
        }

        await Task.WhenAll(watchers).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
        if (Environment.GetEnvironmentVariable(KeepDirectoryVariable) is { Length: > 0 } keep)
        {
            // Named after the test (or the class, for a class fixture's app) that ran the app.
            var owner = TestContext.Current.TestMethod?.MethodName ?? TestContext.Current.TestClass?.TestClassSimpleName ?? "app";
            var run = Path.Combine(keep, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{owner}-{Guid.NewGuid().ToString("N")[..8]}");
            Directory.CreateDirectory(run);
            foreach (var name in _resourceNames)
            {
                await File.WriteAllLinesAsync(Path.Combine(run, $"{name}.log"), LinesOf(name));
            }
        }
    }
}
