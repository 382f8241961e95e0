using Microsoft.Extensions.Configuration;

namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>
/// Options in .NET configuration under a prefix: <c>Osnl:&lt;group&gt;:&lt;option&gt;</c>, or
/// <c>Osnl:Sources:&lt;name&gt;:&lt;option&gt;</c>. A dictionary option may also be given as child keys
/// (<c>"payload": { "instance_id": "^.+$" }</c> in appsettings.json).
/// </summary>
internal sealed class DotNetOptionLayer(IConfiguration configuration, Func<OsnlOption, string> prefixOf) : IOptionLayer
{
    /// <summary><c>Osnl:&lt;group&gt;:&lt;option&gt;</c>.</summary>
    public static DotNetOptionLayer ForGroups(IConfiguration configuration)
        => new(configuration, option => $"{OsnlConfigurationKeys.Osnl}:{option.Group}");

    /// <summary><c>Osnl:Sources:&lt;name&gt;:&lt;option&gt;</c>.</summary>
    public static DotNetOptionLayer ForSource(IConfiguration configuration, string sourceName)
        => new(configuration, _ => $"{OsnlConfigurationKeys.Sources}:{sourceName}");

    public bool TryGet(OsnlOption option, string key, out RawOptionValue value)
    {
        var path = $"{prefixOf(option)}:{key}";
        var section = configuration.GetSection(path);
        var isDeprecatedKey = key != option.Name;
        if (section.Value is { } text)
        {
            value = new RawOptionValue(path, text, IsDeprecatedKey: isDeprecatedKey);
            return true;
        }

        var children = option.Kind == OptionKind.Dictionary ? section.GetChildren().ToList() : [];
        var entries = children.ToDictionary(child => child.Key, child => child.Value ?? string.Empty, StringComparer.Ordinal);
        value = new RawOptionValue(path, null, entries, IsDeprecatedKey: isDeprecatedKey);
        return children.Count > 0;
    }
}
