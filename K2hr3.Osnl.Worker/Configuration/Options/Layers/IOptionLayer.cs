namespace K2hr3.Osnl.Worker.Configuration.Options.Layers;

/// <summary>One configuration source. The resolver asks layers from the highest precedence down.</summary>
internal interface IOptionLayer
{
    /// <param name="option">The option asked for.</param>
    /// <param name="key">The option's name or its deprecated name.</param>
    bool TryGet(OsnlOption option, string key, out RawOptionValue value);
}
