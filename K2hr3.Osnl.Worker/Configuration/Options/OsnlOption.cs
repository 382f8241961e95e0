namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>One registered option: where it lives, its type, its code default and its constraints.</summary>
/// <param name="Group">INI section / oslo group (<c>DEFAULT</c>, <c>oslo_messaging_notifications</c>, <c>k2hr3</c>, <c>worker</c>).</param>
/// <param name="Name">Key, case-sensitive in the INI file.</param>
/// <param name="Default">The code default as oslo would hold it (a string, interpolated like file values), or null.</param>
/// <param name="Choices">For choice strings: the accepted spellings.</param>
/// <param name="Minimum">For integers: the smallest accepted value.</param>
/// <param name="Maximum">For integers: the largest accepted value.</param>
/// <param name="DeprecatedName">An older key read when <paramref name="Name"/> is absent from the same source.</param>
/// <param name="IsSecret">The value may hold a password: it is redacted in every message.</param>
/// <param name="Lenient">An upstream IntOpt without bounds: a value upstream starts with is never refused. Outside
/// <paramref name="Minimum"/>..<paramref name="Maximum"/> it is replaced (with a warning) by the nearest bound, or below
/// the minimum by <paramref name="BelowMinimum"/>; a blank value (oslo: None) by the default.</param>
/// <param name="BelowMinimum">For lenient integers: what a value below the minimum means here, when not the minimum.</param>
internal sealed record OsnlOption(
    string Group,
    string Name,
    OptionKind Kind,
    string? Default,
    IReadOnlyList<string>? Choices = null,
    int? Minimum = null,
    int? Maximum = null,
    string? DeprecatedName = null,
    bool IsSecret = false,
    bool Lenient = false,
    int? BelowMinimum = null)
{
    /// <summary>How the INI file spells it, for messages: <c>[k2hr3] timeout_seconds</c>.</summary>
    public string IniLabel => IniLabelFor(Name);

    public string IniLabelFor(string key) => $"[{Group}] {key}";

    /// <summary>oslo.config's environment override name, <c>OS_&lt;GROUP&gt;__&lt;OPTION&gt;</c>.</summary>
    public string EnvironmentVariableFor(string key) => $"OS_{Group.ToUpperInvariant()}__{key.ToUpperInvariant()}";

    public override string ToString() => IniLabel;
}
