namespace K2hr3.AppHost.Hosting;

/// <summary>
/// How the K2HR3 components run: the one runtime setting (<c>K2hr3:Runtime</c>, and a component's own override such
/// as <c>K2hr3:RabbitMq:Runtime</c>) and, once <see cref="K2hr3RuntimeSelector"/> has decided, the runtime the model is
/// built for (never <see cref="Auto"/>). Using something that already runs elsewhere (an existing broker or API) is not a
/// runtime: that is <c>ConnectionStrings:rabbitmq</c> / <c>K2hr3:Api:Url</c>.
/// </summary>
public enum K2hr3Runtime
{
    /// <summary>Containers when a container engine can really run one, otherwise processes (a setting, never a decision).</summary>
    Auto,

    /// <summary>Container images (upstream <c>antpickax/*</c> or the ones <c>eng/build-images.sh</c> builds).</summary>
    Containers,

    /// <summary>Upstream binaries and npm packages on this host, run by DCP as executables.</summary>
    Processes,
}

/// <summary>The selected runtime (containers or processes) and why (shown in the AppHost log).</summary>
internal sealed record K2hr3RuntimeDecision(K2hr3Runtime Runtime, string Reason);

/// <summary>The one place <c>K2hr3:Runtime</c> and a component's runtime override are read and decided.</summary>
internal static class K2hr3RuntimeSelector
{
    public const string RuntimeKey = "K2hr3:Runtime";

    /// <summary>A runtime setting's value; empty is <see cref="K2hr3Runtime.Auto"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not auto, containers or processes (the message names key and value).</exception>
    public static K2hr3Runtime Parse(string key, string? value) =>
        value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => K2hr3Runtime.Auto,
            "containers" => K2hr3Runtime.Containers,
            "processes" => K2hr3Runtime.Processes,
            _ => throw new InvalidOperationException($"{key}={value}: unknown runtime; use containers, processes or auto"),
        };

    /// <summary>The cluster's runtime: as set, or for <c>auto</c> what the engine probe (or its override) says.</summary>
    public static K2hr3RuntimeDecision Select(K2hr3Runtime setting, string containerRuntime, bool? availableOverride, IContainerRuntimeProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        switch (setting)
        {
            case K2hr3Runtime.Containers:
                return new(K2hr3Runtime.Containers, "K2hr3:Runtime = containers");
            case K2hr3Runtime.Processes:
                return new(K2hr3Runtime.Processes, "K2hr3:Runtime = processes");
        }

        if (availableOverride is { } available)
        {
            return available
                ? new(K2hr3Runtime.Containers, "K2hr3:Runtime = auto and K2hr3:ContainerRuntimeAvailable = true")
                : new(K2hr3Runtime.Processes, "K2hr3:Runtime = auto and K2hr3:ContainerRuntimeAvailable = false");
        }

        var engine = probe.Probe(containerRuntime);
        return engine.CanRun
            ? new(K2hr3Runtime.Containers, $"K2hr3:Runtime = auto and {engine.Detail}")
            : new(K2hr3Runtime.Processes, $"K2hr3:Runtime = auto and no container engine can run containers: {engine.Detail}");
    }

    /// <summary>
    /// A component's runtime: its own setting <paramref name="key"/> when that says containers or processes, else (unset
    /// or auto) the cluster's decision — the engine was probed once, for the whole AppHost.
    /// </summary>
    public static K2hr3Runtime SelectFor(string key, string? value, K2hr3Runtime cluster)
    {
        if (cluster == K2hr3Runtime.Auto)
        {
            throw new ArgumentException("the cluster's runtime must be decided (containers or processes)", nameof(cluster));
        }

        var own = Parse(key, value);
        return own == K2hr3Runtime.Auto ? cluster : own;
    }
}
