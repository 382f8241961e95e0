namespace K2hr3.Tests.AppHost;

/// <summary>
/// Minimal reader for chmpx INI files: sections may repeat ([SVRNODE] once per server), keys are "KEY = value".
/// Enough to check what the AppHost renders; not a general INI parser.
/// </summary>
internal sealed class IniDocument
{
    private IniDocument(IReadOnlyList<IniSection> sections) => Sections = sections;

    public IReadOnlyList<IniSection> Sections { get; }

    public IniSection Single(string name) => Assert.Single(Sections, s => s.Name == name);

    public IReadOnlyList<IniSection> All(string name) => [.. Sections.Where(s => s.Name == name)];

    public static IniDocument Parse(string text)
    {
        var sections = new List<IniSection>();
        IniSection? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new IniSection(line[1..^1]);
                sections.Add(current);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(current is not null && equals > 0, $"not a key line inside a section: '{line}'");
            current.Add(line[..equals].Trim(), line[(equals + 1)..].Trim());
        }

        return new IniDocument(sections);
    }
}

internal sealed class IniSection(string name)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string this[string key] => _values.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"[{Name}] has no {key}");

    public bool Has(string key) => _values.ContainsKey(key);

    public int Int(string key) => int.Parse(this[key], System.Globalization.CultureInfo.InvariantCulture);

    public void Add(string key, string value)
    {
        Assert.True(_values.TryAdd(key, value), $"[{Name}] repeats {key}");
    }
}
