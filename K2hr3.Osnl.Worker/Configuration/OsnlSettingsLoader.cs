using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Readers;
using Microsoft.Extensions.Configuration;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Builds the validated <see cref="OsnlSettings"/> once at start-up. Precedence, lowest to highest: code defaults
/// &lt; k2hr3-osnl.conf &lt; <c>OS_&lt;GROUP&gt;__&lt;OPT&gt;</c> environment &lt; <c>Osnl:&lt;group&gt;:&lt;opt&gt;</c>
/// &lt; the dedicated keys (<c>ConnectionStrings:rabbitmq</c>; <c>services:k2hr3-api:http(s):0</c> &lt;
/// <c>K2hr3:Api:Url</c>) &lt; <c>-d</c>/<c>-l</c>/<c>-f</c>. Every option is converted and checked here, so an
/// invalid value stops the process instead of failing message after message (osnl-compatibility.md §9 #9).
/// </summary>
/// <param name="configuration">.NET configuration (appsettings, environment, <c>--Key=Value</c>).</param>
/// <param name="environment">The process environment, for oslo's <c>OS_*</c> overrides (a copy: tests pass their own).</param>
public sealed class OsnlSettingsLoader(IConfiguration configuration, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>upstream's <c>-c</c> default (note: its systemd unit uses <c>k2hr3-osnl.conf</c> with a hyphen).</summary>
    public const string DefaultConfigFile = "/etc/k2hr3/k2hr3_osnl.conf";

    /// <summary>The file read when <c>-c</c> is not given; absent is fine.</summary>
    public string DefaultConfigFilePath { get; init; } = DefaultConfigFile;

    /// <exception cref="OsnlConfigurationException">Anything invalid; the message is one line.</exception>
    public OsnlSettings Load(CommandLineOverrides overrides)
    {
        var warnings = new List<string>();
        var document = ConfigFileReader.Read(
            overrides.ConfigFile ?? DefaultConfigFilePath, overrides.ConfigFile is not null, ConfiguresTheListener(configuration), warnings);
        var layered = Layered(document);
        var options = new OsloOptionResolver(layered, OsnlOptions.Schema);

        var settings = new OsnlSettings
        {
            ConfigFile = document?.Path,
            Logging = LoggingSettingsReader.Read(options, overrides),
            Broker = BrokerSettingsReader.Read(options),
            Sources = SourceSettingsReader.Read(options, layered),
            Api = ApiSettingsReader.Read(options),
            Processing = ProcessingSettingsReader.Read(options),
        };

        warnings.AddRange(options.Warnings);
        warnings.AddRange(ConfigurationWarnings.DeprecatedKeys(options));
        if (document is not null)
        {
            warnings.AddRange(ConfigurationWarnings.UnknownIniKeys(document));
        }

        warnings.AddRange(ConfigurationWarnings.UnknownConfigurationKeys(configuration));
        return settings with { Warnings = warnings };
    }

    /// <summary>
    /// Whether .NET configuration stands in for the file (what Aspire injects): the broker, the API (directly or via
    /// service discovery) or any <c>Osnl:*</c> option. oslo's <c>OS_*</c> variables do not count: upstream needs its file.
    /// </summary>
    private static bool ConfiguresTheListener(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration[OsnlConfigurationKeys.RabbitMqConnectionString])
            || !string.IsNullOrWhiteSpace(configuration[OsnlConfigurationKeys.ApiUrl])
            || !string.IsNullOrWhiteSpace(configuration[OsnlConfigurationKeys.ApiServiceHttps])
            || !string.IsNullOrWhiteSpace(configuration[OsnlConfigurationKeys.ApiServiceHttp])
            || configuration.GetSection(OsnlConfigurationKeys.Osnl).GetChildren().Any();

    // Lowest first: the file, oslo's OS_* variables, then .NET configuration's own sources (appsettings.json,
    // environment variables, --Key=Value) as they were added, which puts Aspire's injected keys above the file.
    private ConfigurationRoot Layered(OsloIniDocument? document)
    {
        List<IConfigurationProvider> providers = document is null ? [] : [OsloConfigurationProvider.FromFile(document, OsnlOptions.Schema)];
        providers.Add(OsloConfigurationProvider.FromEnvironment(environment, OsnlOptions.Schema));
        providers.AddRange(configuration is IConfigurationRoot root
            ? root.Providers
            : [new ChainedConfigurationProvider(new ChainedConfigurationSource { Configuration = configuration })]);
        return new ConfigurationRoot(providers);
    }
}
