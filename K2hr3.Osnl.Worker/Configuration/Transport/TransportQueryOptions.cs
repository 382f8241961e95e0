namespace K2hr3.Osnl.Worker.Configuration.Transport;

/// <summary>
/// The <c>[oslo_messaging_rabbit]</c> driver options a transport URL query may override (osnl-compatibility.md §4.2, §9 #10),
/// parsed with the option's oslo type and range. Any other name is an error, as in oslo ("no such option").
/// </summary>
internal static class TransportQueryOptions
{
    /// <summary>What to do when the broker already has the exchange or queue with the other durability (a 406 on declare).</summary>
    public const string DurableQueuesMismatchHint = "set ?amqp_durable_queues=true (or false) in transport_url to match the existing exchange/queue";

    /// <summary>Replaces upstream's unlimited prefetch (<c>rabbit_qos_prefetch_count = 0</c>) with a bound (osnl-compatibility.md §9 #12).</summary>
    public const ushort DefaultPrefetchCount = 64;

    // Integer bounds: oslo's own where it has them (retry interval/backoff/max: an error there too); where oslo has
    // none, a value outside what AMQP can carry is replaced with a warning (Lenient), never refused.
    private static readonly Dictionary<string, Func<BrokerSettings, string, Action<string>, BrokerSettings>> Setters = new(StringComparer.Ordinal)
    {
        ["amqp_durable_queues"] = (settings, value, _) => settings with { Durable = Boolean(value) },
        ["amqp_auto_delete"] = (settings, value, _) => settings with { AutoDelete = Boolean(value) },
        ["rabbit_quorum_queue"] = (settings, value, _) => settings with { QuorumQueue = Boolean(value) },
        ["rabbit_quorum_delivery_limit"] = (settings, value, warn) => settings with
        {
            QuorumDeliveryLimit = Lenient("rabbit_quorum_delivery_limit", value, 0, int.MaxValue, warn),
        },
        ["rabbit_ha_queues"] = (settings, value, _) => settings with { HaQueues = Boolean(value) },
        ["rabbit_qos_prefetch_count"] = (settings, value, warn) => settings with
        {
            PrefetchCount = Prefetch(Lenient("rabbit_qos_prefetch_count", value, 0, ushort.MaxValue, warn)),
        },
        ["heartbeat_timeout_threshold"] = (settings, value, warn) => settings with
        {
            Heartbeat = Seconds(Lenient("heartbeat_timeout_threshold", value, 0, ushort.MaxValue, warn)),
        },
        ["ssl"] = (settings, value, _) => settings with { Ssl = settings.Ssl || Boolean(value) },
        ["ssl_ca_file"] = (settings, value, _) => settings with { SslCaFile = value.Length == 0 ? null : value },
        ["rabbit_retry_interval"] = (settings, value, _) => settings with { RetryInterval = Seconds(OsloTypes.ParseInteger(value, 1)) },
        ["rabbit_retry_backoff"] = (settings, value, _) => settings with { RetryBackoff = Seconds(OsloTypes.ParseInteger(value, 0)) },
        ["rabbit_interval_max"] = (settings, value, _) => settings with { RetryIntervalMax = Seconds(OsloTypes.ParseInteger(value, 1)) },
    };

    public static IEnumerable<string> Names => Setters.Keys;

    /// <param name="settings">Settings before the query is applied.</param>
    /// <param name="query">The query as <see cref="OsloTransportUrl"/> parsed it.</param>
    /// <param name="schemeRequiresSsl">amqps: <c>ssl=false</c> would contradict the scheme.</param>
    /// <param name="warnings">Receives one line per value replaced (see <see cref="Lenient"/>).</param>
    public static BrokerSettings Apply(BrokerSettings settings, IEnumerable<(string Name, string Value)> query, bool schemeRequiresSsl, ICollection<string> warnings)
    {
        foreach (var (name, value) in query)
        {
            if (!Setters.TryGetValue(name, out var setter))
            {
                throw new TransportUrlException(
                    $"unknown transport_url option {PythonText.Repr(name)} (supported: {string.Join(", ", Names)})");
            }

            try
            {
                settings = setter(settings, value, warnings.Add);
            }
            catch (OptionValueException e)
            {
                throw new TransportUrlException($"transport_url option {name}: {e.Message}");
            }

            if (name == "ssl" && schemeRequiresSsl && !OsloTypes.ParseBoolean(value))
            {
                throw new TransportUrlException("transport_url option ssl=false contradicts the amqps:// scheme");
            }
        }

        if (settings.QuorumQueue && settings.HaQueues)
        {
            throw new TransportUrlException("rabbit_quorum_queue and rabbit_ha_queues cannot both be enabled");
        }

        // oslo forces durability on for quorum queues (they only exist durable).
        return settings.QuorumQueue ? settings with { Durable = true } : settings;
    }

    private static bool Boolean(string value) => OsloTypes.ParseBoolean(value);

    /// <summary>An oslo IntOpt without bounds: any integer is accepted, one outside <paramref name="minimum"/>..<paramref name="maximum"/> becomes the nearest bound.</summary>
    private static int Lenient(string name, string value, int minimum, int maximum, Action<string> warn)
    {
        var number = OsloTypes.ParseIntegerOrNone(value) ?? minimum; // parse_qs drops empty values; kept for safety
        if (number < minimum || number > maximum)
        {
            var replacement = number < minimum ? minimum : maximum;
            warn($"transport_url option {name}={value} is outside {minimum}..{maximum}; using {replacement}");
            return replacement;
        }

        return (int)number;
    }

    private static ushort Prefetch(int count) => count == 0 ? DefaultPrefetchCount : (ushort)count;

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
