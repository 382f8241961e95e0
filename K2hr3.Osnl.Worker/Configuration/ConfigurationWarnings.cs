using K2hr3.Osnl.Worker.Configuration.Options;

namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>
/// Non-fatal findings: upstream silently ignores unknown keys, so a typo (<c>API_URL</c>, <c>[default]</c>) or
/// the sample confs' <c>retries</c> used to change nothing without a word (osnl-compatibility.md §9 #4).
/// </summary>
internal static class ConfigurationWarnings
{
    private const string RabbitDriverSection = "oslo_messaging_rabbit";

    public static IEnumerable<string> DeprecatedKeys(OsloOptionResolver options)
    {
        foreach (var option in OsnlOptions.All.Where(option => option.DeprecatedName is not null))
        {
            var winner = options.SourceOf(option);
            foreach (var use in options.DeprecatedKeyUses(option))
            {
                yield return use == winner
                    ? $"{use.Origin} is a deprecated alias of {option.Name}; rename it"
                    : $"{use.Origin} is ignored: it is a deprecated alias of {option.Name}, which is set in {winner.Origin}";
            }
        }
    }

    public static IEnumerable<string> UnknownIniKeys(OsloIniDocument document)
    {
        foreach (var section in document.SectionNames)
        {
            if (section == "default")
            {
                yield return $"[{section}] in {document.Path} is not the DEFAULT section (only upper case is); its keys are ignored";
            }
            else if (section == RabbitDriverSection)
            {
                yield return $"[{RabbitDriverSection}] in {document.Path} is ignored (as upstream); set driver options as transport_url query parameters";
            }
            else if (OsnlOptions.Schema.FindGroup(section) is { } group)
            {
                foreach (var key in document.KeysOf(section).Where(key => !IsKnown(group, key, StringComparison.Ordinal)))
                {
                    yield return $"[{group}] {key} in {document.Path} is not a known option (keys are case-sensitive); ignored";
                }
            }
        }
    }

    public static IEnumerable<string> UnknownConfigurationKeys(IConfiguration configuration)
    {
        foreach (var section in configuration.GetSection(OsnlConfigurationKeys.Osnl).GetChildren())
        {
            if (string.Equals(section.Key, "Sources", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var source in section.GetChildren())
                {
                    foreach (var key in source.GetChildren().Select(child => child.Key)
                                 .Where(key => !OsnlOptions.SourceOptions.Any(option => option.Name.Equals(key, StringComparison.OrdinalIgnoreCase))))
                    {
                        yield return $"{source.Path}:{key} is not a known source option; ignored";
                    }
                }
            }
            else if (OsnlOptions.Schema.Groups.FirstOrDefault(group => group.Equals(section.Key, StringComparison.OrdinalIgnoreCase)) is { } group)
            {
                foreach (var key in section.GetChildren().Select(child => child.Key)
                             .Where(key => !IsKnown(group, key, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return $"{section.Path}:{key} is not a known option; ignored";
                }
            }
            else
            {
                yield return $"{section.Path} is not a known section; ignored";
            }
        }
    }

    private static bool IsKnown(string group, string key, StringComparison comparison)
        => OsnlOptions.All.Any(option => option.Group == group
            && (option.Name.Equals(key, comparison) || (option.DeprecatedName?.Equals(key, comparison) ?? false)));
}
