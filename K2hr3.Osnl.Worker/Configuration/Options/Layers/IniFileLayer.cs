using K2hr3.Compat;


namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>The k2hr3-osnl.conf file: an option is read only from its own group's section.</summary>
internal sealed class IniFileLayer(OsloIniDocument document) : IOptionLayer
{
    public bool TryGet(OsnlOption option, string key, out RawOptionValue value)
    {
        var found = document.TryGetValue(option.Group, key, out var text);
        value = new RawOptionValue(option.IniLabelFor(key), text, Interpolate: true, IsDeprecatedKey: key != option.Name);
        return found;
    }
}
