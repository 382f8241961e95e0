using System.Collections.Immutable;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>Replaces or adds one dashboard property of a resource snapshot.</summary>
internal static class ResourcePropertyExtensions
{
    /// <param name="properties">The snapshot's properties.</param>
    /// <param name="name">The property's key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="displayName">Shown instead of the key; a highlighted property heads the dashboard's details pane.</param>
    public static ImmutableArray<ResourcePropertySnapshot> SetProperty(this ImmutableArray<ResourcePropertySnapshot> properties, string name, string value, string? displayName = null)
        => properties.RemoveAll(p => p.Name == name).Add(
            displayName is null ? new ResourcePropertySnapshot(name, value) : new ResourcePropertySnapshot(name, value) { DisplayName = displayName, IsHighlighted = true });
}
