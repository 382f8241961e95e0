using System.Collections.Immutable;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>Replaces or adds one dashboard property of a resource snapshot.</summary>
internal static class ResourcePropertyExtensions
{
    public static ImmutableArray<ResourcePropertySnapshot> SetProperty(this ImmutableArray<ResourcePropertySnapshot> properties, string name, string value)
        => properties.RemoveAll(p => p.Name == name).Add(new ResourcePropertySnapshot(name, value));
}
