namespace K2hr3.Compat;

/// <summary>The oslo.config option types k2hr3_osnl uses (StrOpt, IntOpt, BoolOpt, DictOpt).</summary>
public enum OsloOptionKind
{
    StrOpt,
    IntOpt,
    BoolOpt,
    DictOpt,
}

/// <summary>One registered oslo.config option: where it lives, its type, its code default and its constraints.</summary>
/// <param name="Group">INI section / oslo group (<c>DEFAULT</c>, <c>oslo_messaging_notifications</c>, ...).</param>
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
public sealed record OsloOption(
    string Group,
    string Name,
    OsloOptionKind Kind,
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

/// <summary>An option value as one source holds it, before interpolation and type conversion.</summary>
/// <param name="Origin">Where it came from, as messages name it: <c>[k2hr3] timeout_seconds</c>,
/// <c>OS_K2HR3__TIMEOUT_SECONDS</c>, <c>Osnl:k2hr3:timeout_seconds</c>, <c>ConnectionStrings:rabbitmq</c>.</param>
/// <param name="Text">The text; null when the source gave a dictionary as child keys (<see cref="Entries"/>).</param>
/// <param name="Entries">A dictionary option given as .NET configuration child keys.</param>
/// <param name="Interpolate">oslo sources (file, OS_ environment, code defaults) are <c>$</c>-interpolated;
/// .NET configuration values are literal (Aspire injects passwords that may contain <c>$</c>).</param>
/// <param name="IsDeprecatedKey">Found under the option's deprecated name.</param>
public sealed record OsloRawValue(
    string Origin,
    string? Text,
    IReadOnlyDictionary<string, string>? Entries = null,
    bool Interpolate = false,
    bool IsDeprecatedKey = false)
{
    /// <summary>The value as a user would have written it (dictionaries in DictOpt syntax).</summary>
    public string Display => Text ?? string.Join(",", Entries!.Select(pair => $"{pair.Key}:{pair.Value}"));
}

/// <summary>A .NET configuration key that stands for one option above every other source (what Aspire injects).</summary>
/// <param name="Transform">Turns the key's value into the option's (e.g. a base URL into the full URL), or null.</param>
public sealed record OsloDedicatedKey(OsloOption Option, string Key, Func<string, string>? Transform = null);

/// <summary>An application's oslo.config options and how .NET configuration holds them.</summary>
/// <param name="Options">Every registered option.</param>
/// <param name="Prefix">.NET configuration holds <c>[group] key</c> as <c>&lt;Prefix&gt;:&lt;group&gt;:&lt;key&gt;</c>.</param>
/// <param name="DedicatedKeys">Highest first.</param>
/// <param name="InvalidValue">The application's start-up error for (where from, value as shown, reason).</param>
public sealed record OsloOptionSchema(
    IReadOnlyList<OsloOption> Options,
    string Prefix,
    IReadOnlyList<OsloDedicatedKey> DedicatedKeys,
    Func<string, string, string, Exception> InvalidValue)
{
    /// <summary>oslo's default group: matched case-sensitively, the others are not.</summary>
    public const string DefaultGroup = "DEFAULT";

    public IReadOnlyList<string> Groups { get; } = [.. Options.Select(option => option.Group).Distinct()];

    /// <summary>The group whose name matches (<c>DEFAULT</c> exactly, others case-insensitively, like oslo).</summary>
    public string? FindGroup(string name)
        => Groups.FirstOrDefault(group => group == DefaultGroup ? name == group : string.Equals(group, name, StringComparison.OrdinalIgnoreCase));

    public OsloOption? Find(string group, string name) => Options.FirstOrDefault(option => option.Group == group && option.Name == name);

    /// <summary>The configuration key of an option (or its deprecated name) in the group it belongs to.</summary>
    public string KeyOf(OsloOption option, string key) => $"{Prefix}:{option.Group}:{key}";
}
