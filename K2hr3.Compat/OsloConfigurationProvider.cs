using Microsoft.Extensions.Configuration;

namespace K2hr3.Compat;

/// <summary>
/// One of oslo.config's own sources — the INI file or the <c>OS_&lt;GROUP&gt;__&lt;OPTION&gt;</c> variables — as an
/// <see cref="IConfigurationProvider"/> under the keys .NET configuration uses for the same option
/// (<c>&lt;Prefix&gt;:&lt;group&gt;:&lt;option&gt;</c>, <see cref="OsloOptionSchema.KeyOf"/>), layered below appsettings.json, environment variables and the command line.
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.Configuration's INI and environment-variable providers, because oslo differs from them:
/// option names are case-sensitive (<c>API_URL</c> in the file is not <c>api_url</c>: only the exact names of known
/// options are taken, the rest are warned about) and sections case-insensitive except <c>DEFAULT</c>; a value continues
/// on indented lines, and the last assignment wins even across repeated sections (<see cref="OsloIniParser"/>); values
/// from these sources are <c>$</c>-interpolated and typed by oslo's rules when read (<see cref="OsloOptionResolver"/>),
/// whereas .NET configuration values are taken literally; an <c>OS_*</c> variable names exactly one option, upper case.
/// </remarks>
public sealed class OsloConfigurationProvider : ConfigurationProvider, IConfigurationSource
{
    private readonly Dictionary<string, string> _origins = new(StringComparer.OrdinalIgnoreCase);

    private OsloConfigurationProvider()
    {
    }

    /// <summary>The options (and deprecated names) set in the file, each read from its own group's section only.</summary>
    public static OsloConfigurationProvider FromFile(OsloIniDocument document, OsloOptionSchema schema)
        => FromKeys(schema, (option, key) => document.TryGetValue(option.Group, key, out var value) ? (option.IniLabelFor(key), value) : null);

    /// <summary>oslo.config's environment source: <c>OS_&lt;GROUP&gt;__&lt;OPTION&gt;</c>, upper case, value taken as is.</summary>
    public static OsloConfigurationProvider FromEnvironment(IReadOnlyDictionary<string, string> environment, OsloOptionSchema schema)
        => FromKeys(schema, (option, key) => environment.TryGetValue(option.EnvironmentVariableFor(key), out var value)
            ? (option.EnvironmentVariableFor(key), value)
            : null);

    /// <summary>Where the value under <paramref name="key"/> came from, as messages name it: <c>[k2hr3] api_url</c>, <c>OS_K2HR3__API_URL</c>.</summary>
    public string OriginOf(string key) => _origins[key];

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    private static OsloConfigurationProvider FromKeys(OsloOptionSchema schema, Func<OsloOption, string, (string Origin, string Value)?> find)
    {
        var provider = new OsloConfigurationProvider();
        foreach (var option in schema.Options)
        {
            foreach (var key in option.DeprecatedName is { } old ? [option.Name, old] : new[] { option.Name })
            {
                if (find(option, key) is var (origin, value))
                {
                    provider.Data[schema.KeyOf(option, key)] = value;
                    provider._origins[schema.KeyOf(option, key)] = origin;
                }
            }
        }

        return provider;
    }
}
