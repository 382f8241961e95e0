namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>oslo.config's environment source: <c>OS_&lt;GROUP&gt;__&lt;OPTION&gt;</c>, upper case, value taken as is.</summary>
internal sealed class OsloEnvironmentLayer(IReadOnlyDictionary<string, string> environment) : IOptionLayer
{
    public bool TryGet(OsnlOption option, string key, out RawOptionValue value)
    {
        var name = option.EnvironmentVariableFor(key);
        var found = environment.TryGetValue(name, out var text);
        value = new RawOptionValue(name, text, Interpolate: true, IsDeprecatedKey: key != option.Name);
        return found;
    }
}
