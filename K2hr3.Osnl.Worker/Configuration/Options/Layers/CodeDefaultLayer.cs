namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>The code defaults of <see cref="OsnlOptions"/>; oslo interpolates defaults like any other value.</summary>
internal sealed class CodeDefaultLayer : IOptionLayer
{
    public static readonly CodeDefaultLayer Instance = new();

    public bool TryGet(OsnlOption option, string key, out RawOptionValue value)
    {
        value = new RawOptionValue($"{option.IniLabel} (default)", option.Default, Interpolate: true);
        return key == option.Name && option.Default is not null;
    }
}
