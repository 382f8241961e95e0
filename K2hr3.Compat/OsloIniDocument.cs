namespace K2hr3.Compat;

/// <summary>
/// The parsed sections of one oslo.config INI file. Section lookup follows oslo's <c>_normalize_group_name</c>:
/// case-insensitive, except that only the exact spelling <c>DEFAULT</c> is the DEFAULT section. Keys are
/// case-sensitive and the last assignment of a key wins, also across repeated sections.
/// </summary>
public sealed class OsloIniDocument
{
    public const string DefaultSection = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.Ordinal);

    public OsloIniDocument(string path) => Path = path;

    public string Path { get; }

    /// <summary>The normalised names of the sections present (<c>DEFAULT</c> or lower case).</summary>
    public IEnumerable<string> SectionNames => _sections.Keys;

    public bool TryGetValue(string section, string key, out string value)
    {
        value = string.Empty;
        return _sections.TryGetValue(Normalize(section), out var entries) && entries.TryGetValue(key, out value!);
    }

    /// <summary>The keys assigned in a section (empty when the section is absent).</summary>
    public IEnumerable<string> KeysOf(string section)
        => _sections.TryGetValue(Normalize(section), out var entries) ? entries.Keys : [];

    internal void StartSection(string section) => _sections.TryAdd(Normalize(section), new(StringComparer.Ordinal));

    internal void Assign(string section, string key, string value) => _sections[Normalize(section)][key] = value;

    public static string Normalize(string section) => section == DefaultSection ? section : section.ToLowerInvariant();
}
