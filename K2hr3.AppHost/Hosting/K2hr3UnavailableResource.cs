namespace K2hr3.AppHost.Hosting;

/// <summary>
/// Stands in for a K2HR3 component whose binaries or packages are not on this host. DCP never runs it: the dashboard
/// shows it with a state saying what to install or set, and nothing waits for it.
/// </summary>
public sealed class K2hr3UnavailableResource(string name, string component, string reason) : Resource(name)
{
    /// <summary>
    /// The dashboard's state: short and plain, since the dashboard re-spaces a custom state ("Unavailable k 2hdkc …");
    /// the reason goes whole into <see cref="ReasonProperty"/> and the console log.
    /// </summary>
    public const string State = "Unavailable";

    /// <summary>The resource property that holds the reason (shown whole in the dashboard's details).</summary>
    public const string ReasonProperty = "k2hr3.unavailable";

    /// <summary>What it stands for: chmpx, k2hdkc, k2hr3-api, k2hr3-app or k2hr3-osnl.</summary>
    public string Component { get; } = component;

    /// <summary>What is missing and how to get it.</summary>
    public string Reason { get; } = reason;
}

public static partial class K2hr3UnavailableResourceExtensions
{
    /// <summary>Adds a resource that only explains why <paramref name="component"/> cannot run here.</summary>
    public static IResourceBuilder<K2hr3UnavailableResource> AddK2hr3Unavailable(this IDistributedApplicationBuilder builder, string name, string component, string reason)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = new K2hr3UnavailableResource(name, component, reason);
        var resourceBuilder = builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = component,
                State = new ResourceStateSnapshot(K2hr3UnavailableResource.State, KnownResourceStateStyles.Warn),
                Properties = [new(K2hr3UnavailableResource.ReasonProperty, reason)],
            })
            .ExcludeFromManifest();

        // The console log is where people look first; repeat the reason there.
        builder.Eventing.Subscribe<InitializeResourceEvent>(resource, (e, _) =>
        {
            LogUnavailable(e.Logger, component, reason);
            return Task.CompletedTask;
        });
        return resourceBuilder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Component} is not started: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string component, string reason);
}
