namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>An option value as one source holds it, before interpolation and type conversion.</summary>
/// <param name="Origin">Where it came from, as messages name it: <c>[k2hr3] timeout_seconds</c>,
/// <c>OS_K2HR3__TIMEOUT_SECONDS</c>, <c>Osnl:k2hr3:timeout_seconds</c>, <c>ConnectionStrings:rabbitmq</c>.</param>
/// <param name="Text">The text; null when the source gave a dictionary as child keys (<see cref="Entries"/>).</param>
/// <param name="Entries">A dictionary option given as .NET configuration child keys.</param>
/// <param name="Interpolate">oslo sources (file, OS_ environment, code defaults) are <c>$</c>-interpolated;
/// .NET configuration values are literal (Aspire injects passwords that may contain <c>$</c>).</param>
/// <param name="IsDeprecatedKey">Found under the option's deprecated name.</param>
internal sealed record RawOptionValue(
    string Origin,
    string? Text,
    IReadOnlyDictionary<string, string>? Entries = null,
    bool Interpolate = false,
    bool IsDeprecatedKey = false)
{
    /// <summary>The value as a user would have written it (dictionaries in DictOpt syntax).</summary>
    public string Display => Text ?? string.Join(",", Entries!.Select(pair => $"{pair.Key}:{pair.Value}"));
}
