namespace K2hr3.AppHost.Hosting;

/// <summary>The runtime the model was built for.</summary>
public enum K2hr3Runtime
{
    Containers,
    Processes,
}

/// <summary>The selected runtime and why (shown in the AppHost log).</summary>
public sealed record K2hr3RuntimeDecision(K2hr3Runtime Runtime, string Reason);

/// <summary>Answers whether a container runtime is usable; injectable so tests decide without Docker.</summary>
public interface IContainerRuntimeProbe
{
    bool IsAvailable(string containerRuntime);
}

/// <summary>Asks the container CLI for its server version (<c>docker info</c>); a missing daemon fails fast.</summary>
public sealed class CliContainerRuntimeProbe(TimeSpan timeout) : IContainerRuntimeProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public CliContainerRuntimeProbe()
        : this(DefaultTimeout)
    {
    }

    public bool IsAvailable(string containerRuntime)
    {
        // Runs once while the model is built (top-level statements, no synchronization context): blocking is fine.
        var result = ProcessRunner.RunAsync(containerRuntime, ["info", "--format", "{{.ServerVersion}}"], timeout, CancellationToken.None)
            .GetAwaiter().GetResult();
        return result.Succeeded && !string.IsNullOrWhiteSpace(result.StandardOutput);
    }
}

/// <summary>Turns <c>K2hr3:Runtime</c> into a concrete runtime.</summary>
public static class K2hr3RuntimeSelector
{
    public static K2hr3RuntimeDecision Select(K2hr3RuntimeMode mode, string containerRuntime, bool? availableOverride, IContainerRuntimeProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        switch (mode)
        {
            case K2hr3RuntimeMode.Containers:
                return new(K2hr3Runtime.Containers, "K2hr3:Runtime = containers");
            case K2hr3RuntimeMode.Processes:
                return new(K2hr3Runtime.Processes, "K2hr3:Runtime = processes");
        }

        if (availableOverride is { } available)
        {
            return available
                ? new(K2hr3Runtime.Containers, "K2hr3:Runtime = auto and K2hr3:ContainerRuntimeAvailable = true")
                : new(K2hr3Runtime.Processes, "K2hr3:Runtime = auto and K2hr3:ContainerRuntimeAvailable = false");
        }

        return probe.IsAvailable(containerRuntime)
            ? new(K2hr3Runtime.Containers, $"K2hr3:Runtime = auto and '{containerRuntime} info' answered")
            : new(K2hr3Runtime.Processes, $"K2hr3:Runtime = auto and '{containerRuntime} info' did not answer (no container runtime)");
    }
}
