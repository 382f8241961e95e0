using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Transport;
using K2hr3.Osnl.Worker.Configuration.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Builds the validated <see cref="OsnlSettings"/> once at start-up, before the host: logging and the host's shutdown
/// time-out depend on it, and an invalid value must stop the process (exit 1) before anything starts instead of failing
/// message after message (osnl-compatibility.md §9 #9). Precedence, lowest to highest: code defaults &lt; k2hr3-osnl.conf
/// &lt; <c>OS_&lt;GROUP&gt;__&lt;OPT&gt;</c> environment &lt; <c>Osnl:&lt;group&gt;:&lt;opt&gt;</c> &lt; the dedicated keys
/// (<c>ConnectionStrings:rabbitmq</c>; <c>services:k2hr3-api:http(s):0</c> &lt; <c>K2hr3:Api:Url</c>) &lt; <c>-d</c>/<c>-l</c>/<c>-f</c>.
/// </summary>
/// <remarks>
/// The options classes are bound with <c>AddOptions&lt;T&gt;().Bind(...)</c> and checked by <see cref="OsnlOptionsValidator"/>
/// with <c>ValidateOnStart</c>, but not straight from the layered configuration: oslo reads it by rules the binder does not
/// have (a deprecated name counts per source, <c>$</c>-interpolation of oslo's sources only, oslo's booleans and
/// integers, the dedicated keys), so <see cref="OsloOptionResolver"/> resolves each option first and the binder binds
/// those effective values.
/// </remarks>
/// <param name="configuration">.NET configuration (appsettings, environment, <c>--Key=Value</c>).</param>
/// <param name="environment">The process environment, for oslo's <c>OS_*</c> overrides (a copy: tests pass their own).</param>
public sealed class OsnlSettingsLoader(IConfiguration configuration, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>upstream's <c>-c</c> default (note: its systemd unit uses <c>k2hr3-osnl.conf</c> with a hyphen).</summary>
    public const string DefaultConfigFile = "/etc/k2hr3/k2hr3_osnl.conf";

    /// <summary>The name of the file's single source.</summary>
    public const string FileSourceName = "default";

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

        // Osnl:Sources:<name> entries replace the file's source, each on the code defaults (the file's is still checked).
        var sources = layered.GetSection(OsnlConfigurationKeys.Sources).GetChildren()
            .ToDictionary(section => section.Key, section => OsloOptionResolver.ForSection(layered, OsnlOptions.Schema, section.Path));
        var effective = new ConfigurationBuilder().AddInMemoryCollection(OsnlOptions.Schema.Groups
            .SelectMany(group => options.EffectiveValues(OsnlOptions.All.Where(option => option.Group == group), group))
            .Concat(sources.SelectMany(source => source.Value.EffectiveValues(OsnlOptions.SourceOptions, $"Sources:{source.Key}")))).Build();
        if (sources.Count == 0)
        {
            sources[FileSourceName] = options;
        }

        var validator = new OsnlOptionsValidator(options, sources, overrides);
        using var provider = AddOptions(new ServiceCollection(), effective, validator, overrides, [.. sources.Keys]).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate(); // what ValidateOnStart does when a host starts
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            throw validator.FirstError ?? new OsnlConfigurationException(MessageText.OneLine(e.Message));
        }

        T Get<T>(string name = "") => provider.GetRequiredService<IOptionsMonitor<T>>().Get(name);
        var settings = new OsnlSettings
        {
            ConfigFile = document?.Path,
            Logging = Get<LoggingSettings>(),
            Broker = TransportUrlParser.Parse(Get<TransportOptions>().Url, warnings),
            Sources = [.. sources.Keys.Select(name => Get<SourceSettings>(name))],
            Api = Get<ApiSettings>(),
            Processing = Get<ProcessingSettings>(),
        };

        warnings.AddRange(options.Warnings);
        warnings.AddRange(sources.Values.Where(source => source != options).SelectMany(source => source.Warnings));
        warnings.AddRange(ConfigurationWarnings.DeprecatedKeys(options));
        if (document is not null)
        {
            warnings.AddRange(ConfigurationWarnings.UnknownIniKeys(document));
        }

        warnings.AddRange(ConfigurationWarnings.UnknownConfigurationKeys(configuration));
        return settings with { Warnings = warnings };
    }

    // Validated in this order, so the first failure is the one an oslo reader would meet first.
    private static ServiceCollection AddOptions(
        ServiceCollection services, IConfiguration effective, OsnlOptionsValidator validator, CommandLineOverrides overrides, string[] sourceNames)
    {
        OptionsBuilder<T> Add<T>(string section, string? name = null)
            where T : class
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IValidateOptions<T>), validator));
            return services.AddOptions<T>(name).Bind(effective.GetSection(section)).ValidateOnStart();
        }

        Add<LoggingSettings>(OsnlOptions.DefaultGroup).PostConfigure(logging =>
        {
            // The flags win; an invalid one is left to the validator, which names it.
            logging.Level = Valid(overrides.DebugLevel) is { } level ? LogLevels.FromName(level) : logging.Level;
            logging.LibraryLevel = Valid(overrides.LibraryDebugLevel) is { } libraryLevel ? LogLevels.FromName(libraryLevel) : logging.LibraryLevel;
            logging.LogFile = overrides.LogFile is { } file && LogFile.Check(file) is null ? file : logging.LogFile;
        });
        Add<TransportOptions>(OsnlOptions.NotificationsGroup);
        foreach (var name in sourceNames)
        {
            Add<SourceSettings>(effective.GetSection("Sources").Exists() ? $"Sources:{name}" : OsnlOptions.NotificationsGroup, name)
                .Configure(source => source.Name = name);
        }

        // [worker] retry_server_errors belongs to the API call: ApiSettings binds it from there too.
        Add<ApiSettings>(OsnlOptions.K2hr3Group).Bind(effective.GetSection(OsnlOptions.WorkerGroup));
        Add<ProcessingSettings>(OsnlOptions.WorkerGroup);
        return services;
    }

    private static string? Valid(string? level) => level is not null && LogLevels.CommandLineChoices.Contains(level) ? level : null;

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
