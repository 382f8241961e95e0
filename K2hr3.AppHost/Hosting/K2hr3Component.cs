namespace K2hr3.AppHost.Hosting;

/// <summary>
/// A K2HR3 component as modelled: the resource the dashboard shows (an executable, a container, or a
/// <see cref="K2hr3UnavailableResource"/>) and whether it can run here.
/// </summary>
public sealed class K2hr3Component(IResourceBuilder<IResource> resource)
{
    public IResourceBuilder<IResource> Resource { get; } = resource;

    public string Name => Resource.Resource.Name;

    /// <summary>False when this host lacks what the component needs; nothing may wait for it then.</summary>
    public bool IsAvailable => Resource.Resource is not K2hr3UnavailableResource;

    /// <summary>Why it cannot run; null when available.</summary>
    public string? UnavailableReason => (Resource.Resource as K2hr3UnavailableResource)?.Reason;
}

public static class K2hr3ComponentExtensions
{
    /// <summary>
    /// Waits for <paramref name="dependency"/> when it can run; an unavailable one never becomes healthy, so the
    /// dependent then only records the relationship and starts on its own.
    /// </summary>
    public static IResourceBuilder<T> WaitForComponent<T>(this IResourceBuilder<T> builder, K2hr3Component dependency)
        where T : IResourceWithWaitSupport
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        return dependency.IsAvailable
            ? builder.WaitFor(dependency.Resource)
            : builder.WithRelationship(dependency.Resource.Resource, "Needs");
    }
}
