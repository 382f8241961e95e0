using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;
using Microsoft.Extensions.Configuration;

namespace K2hr3.Osnl.Worker.Configuration.Readers;

/// <summary>
/// The notification sources: the file's <c>[oslo_messaging_notifications]</c> as source "default", or, when any
/// <c>Osnl:Sources:&lt;name&gt;</c> exists, those instead (each on the code defaults, not on the file's values).
/// </summary>
internal static class SourceSettingsReader
{
    public const string FileSourceName = "default";

    /// <summary>oslo's control exchange, used when <c>exchange</c> is empty.</summary>
    public const string DefaultControlExchange = "openstack";

    public static IReadOnlyList<SourceSettings> Read(OsloOptionResolver fileOptions, IConfigurationRoot configuration)
    {
        // Validated even when replaced below: an invalid value anywhere fails start-up.
        var fileSource = ReadSource(FileSourceName, fileOptions);
        var configured = configuration.GetSection(OsnlConfigurationKeys.Sources).GetChildren().ToList();
        if (configured.Count == 0)
        {
            return [fileSource];
        }

        var sources = new List<SourceSettings>();
        foreach (var section in configured)
        {
            var options = OsloOptionResolver.ForSection(configuration, OsnlOptions.Schema, section.Path);
            var source = ReadSource(section.Key, options);
            if (sources.FirstOrDefault(other => other.QueueName == source.QueueName) is { } owner)
            {
                throw new OsnlConfigurationException($"{section.Path}:{OsnlOptions.Pool.Name}", source.Pool,
                    $"queue {source.QueueName} is already consumed by source {owner.Name}");
            }

            sources.Add(source);
        }

        return sources;
    }

    private static SourceSettings ReadSource(string name, OsloOptionResolver options)
    {
        var exchange = options.GetString(OsnlOptions.Exchange);
        return new SourceSettings
        {
            Name = name,
            Exchange = exchange.Length == 0 ? DefaultControlExchange : exchange,
            Topic = options.GetString(OsnlOptions.Topic) is { Length: > 0 } topic
                ? topic
                : throw options.Invalid(OsnlOptions.Topic, "must not be empty"),
            Pool = options.GetString(OsnlOptions.Pool),
            AllowRequeue = options.GetBoolean(OsnlOptions.AllowRequeue),
            Filter = new FilterSettings(
                options.GetString(OsnlOptions.PublisherId),
                options.GetString(OsnlOptions.EventType),
                options.GetDictionary(OsnlOptions.Context),
                options.GetDictionary(OsnlOptions.Metadata),
                options.GetDictionary(OsnlOptions.Payload)),
        };
    }
}
