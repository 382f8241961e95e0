namespace K2hr3.AppHost.Osnl;

/// <summary>
/// One notification stream the listener consumes, in the worker's <c>Osnl:Sources:&lt;name&gt;:*</c> terms
/// (option names of upstream's <c>[oslo_messaging_notifications]</c>). The simulate commands publish to the same
/// exchange and routing key, so what the dashboard sends is exactly what this source binds.
/// </summary>
/// <param name="Name">Source name (<c>Osnl:Sources:&lt;Name&gt;</c>).</param>
/// <param name="Exchange">The service's control exchange.</param>
/// <param name="Topic">The notification topic; the routing key is <c>&lt;topic&gt;.info</c>.</param>
/// <param name="Pool">The queue. Distinct per source: a queue shared by two sources would hand each consumer the
/// other source's messages, which its filter would drop.</param>
/// <param name="EventType">Regex on <c>event_type</c>.</param>
/// <param name="PublisherId">Regex on <c>publisher_id</c>.</param>
internal sealed record OsnlSource(string Name, string Exchange, string Topic, string Pool, string EventType, string PublisherId)
{
    /// <summary>neutron <c>port.delete.end</c>: upstream k2hr3_osnl's defaults (osnl-compatibility.md §3.5), queue <c>k2hr3_osnl</c>.</summary>
    public static readonly OsnlSource Neutron = new("neutron", "neutron", "notifications", "k2hr3_osnl", @"^port\.delete\.end$", "^network.*$");

    /// <summary>nova versioned <c>instance.delete.end</c>: upstream's nova_compute sample (k2hr3.md §4).</summary>
    public static readonly OsnlSource Nova = new("nova", "nova", "versioned_notifications", "k2hr3_osnl_nova", @"^instance\.delete\.end$", "^nova-compute:.*$");

    public static IReadOnlyList<OsnlSource> Known { get; } = [Neutron, Nova];

    /// <summary>oslo binds only <c>&lt;topic&gt;.info</c>: k2hr3_osnl's endpoint has only <c>info()</c>.</summary>
    public string RoutingKey => $"{Topic}.info";

    /// <summary>The worker's .NET configuration for this source, as environment variables.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables()
    {
        var prefix = $"Osnl__Sources__{Name}__";
        yield return new(prefix + "exchange", Exchange);
        yield return new(prefix + "topic", Topic);
        yield return new(prefix + "pool", Pool);
        yield return new(prefix + "event_type", EventType);
        yield return new(prefix + "publisher_id", PublisherId);
    }

    /// <summary>
    /// The sources named by <c>K2hr3:Osnl:Sources</c> (comma-separated, default <c>neutron,nova</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown or no source name.</exception>
    public static IReadOnlyList<OsnlSource> Select(string? names)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return Known;
        }

        var selected = new List<OsnlSource>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Known.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"K2hr3:Osnl:Sources={names}: unknown source '{name}'; known: {string.Join(", ", Known.Select(s => s.Name))}");
            if (!selected.Contains(source))
            {
                selected.Add(source);
            }
        }

        return selected.Count > 0
            ? selected
            : throw new InvalidOperationException($"K2hr3:Osnl:Sources={names}: names no source");
    }
}
