namespace K2hr3.Tests.Support;

/// <summary>Runs <see cref="OsnlSettingsLoader"/> on an INI text, .NET configuration keys and an environment.</summary>
internal sealed class SettingsHarness : IDisposable
{
    private readonly TempDirectory _directory = new();

    public string? Ini { get; init; }

    public Dictionary<string, string?> Configuration { get; init; } = [];

    public Dictionary<string, string> Environment { get; init; } = [];

    public CommandLineOverrides Overrides { get; init; } = CommandLineOverrides.None;

    public string ConfigFilePath => _directory.Combine("k2hr3-osnl.conf");

    /// <summary>Where the loader looks when no -c is given: never the machine's real /etc file.</summary>
    public string DefaultConfigFilePath => _directory.Combine("absent-default.conf");

    public OsnlSettings Load()
    {
        var overrides = Overrides;
        if (Ini is not null)
        {
            _directory.Write("k2hr3-osnl.conf", Ini);
            overrides = overrides with { ConfigFile = overrides.ConfigFile ?? ConfigFilePath };
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Configuration).Build();
        var loader = new OsnlSettingsLoader(configuration, Environment) { DefaultConfigFilePath = DefaultConfigFilePath };
        return loader.Load(overrides);
    }

    public OsnlConfigurationException LoadFails() => Assert.Throws<OsnlConfigurationException>(() => Load());

    public static OsnlSettings LoadIni(string ini)
    {
        using var harness = new SettingsHarness { Ini = ini };
        return harness.Load();
    }

    public static OsnlConfigurationException LoadIniFails(string ini)
    {
        using var harness = new SettingsHarness { Ini = ini };
        return harness.LoadFails();
    }

    public void Dispose() => _directory.Dispose();
}
