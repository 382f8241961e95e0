using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Validation;

namespace K2hr3.Osnl.Worker.Configuration;

// The worker's options classes, bound once at start-up (OsnlOptionsRegistration) from the effective oslo values and
// validated there (OsnlOptionsValidator); nothing is re-validated per message (upstream bug osnl-compatibility.md §9 #9).
// A property under oslo's name ([ConfigurationKeyName]) is what binding sets: it writes through to the typed property
// the worker reads (seconds into a TimeSpan, a level name into a LogLevel), so tests may set sub-second values.

/// <summary>Everything the worker needs, validated.</summary>
public sealed record OsnlSettings
{
    /// <summary>The INI file that was read, or null when none was given (pure .NET configuration).</summary>
    public string? ConfigFile { get; init; }

    public required LoggingSettings Logging { get; init; }

    public required BrokerSettings Broker { get; init; }

    /// <summary>One or more notification sources; an upstream file yields exactly one, named "default".</summary>
    public required IReadOnlyList<SourceSettings> Sources { get; init; }

    public required ApiSettings Api { get; init; }

    public required ProcessingSettings Processing { get; init; }

    /// <summary>Non-fatal findings to log once at start-up (e.g. the deprecated <c>retries</c> alias).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary><c>[DEFAULT]</c>: the worker's level, the AMQP/HTTP libraries' level and the log file (null: stderr).</summary>
public sealed record LoggingSettings(LogLevel Level, LogLevel LibraryLevel, string? LogFile)
{
    public LoggingSettings()
        : this(LogLevel.Information, LogLevel.Warning, null)
    {
    }

    public LogLevel Level { get; set; } = Level;

    public LogLevel LibraryLevel { get; set; } = LibraryLevel;

    public string? LogFile { get; set; } = LogFile;

    [ConfigurationKeyName("debug_level")]
    public string DebugLevelName { get => LogLevels.NameOf(Level); set => Level = LogLevels.FromName(value); }

    [ConfigurationKeyName("libs_debug_level")]
    public string LibsDebugLevelName { get => LogLevels.NameOf(LibraryLevel); set => LibraryLevel = LogLevels.FromName(value); }

    [ConfigurationKeyName("log_file")]
    public string LogFileName
    {
        get => LogFile ?? OsnlOptions.StandardErrorLogFile;
        set => LogFile = value == OsnlOptions.StandardErrorLogFile ? null : value;
    }
}

/// <summary>One broker host of a (possibly multi-host, fail-over) transport_url.</summary>
public sealed record BrokerEndpoint(string Host, int Port, string UserName, string Password)
{
    /// <summary>Never print the password (Standards: secrets never in logs).</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port}";
}

/// <summary><c>[oslo_messaging_notifications] transport_url</c> and <c>executor</c> as bound; <see cref="BrokerSettings"/> is parsed from the URL.</summary>
public sealed class TransportOptions
{
    [ConfigurationKeyName("transport_url")]
    public string Url { get; set; } = string.Empty;

    [ConfigurationKeyName("executor")]
    public string Executor { get; set; } = string.Empty;
}

/// <summary>The broker and the topology options of oslo's rabbit driver (osnl-compatibility.md §4.2), from the transport URL.</summary>
public sealed record BrokerSettings
{
    public required IReadOnlyList<BrokerEndpoint> Endpoints { get; init; }

    public string VirtualHost { get; init; } = "/";

    /// <summary><c>amqp_durable_queues</c>: exchange and queue durable. Must match OpenStack's own declaration.</summary>
    public bool Durable { get; init; }

    /// <summary><c>amqp_auto_delete</c>.</summary>
    public bool AutoDelete { get; init; }

    /// <summary><c>rabbit_quorum_queue</c>: <c>x-queue-type: quorum</c> and durable forced on.</summary>
    public bool QuorumQueue { get; init; }

    /// <summary><c>rabbit_quorum_delivery_limit</c> (0 = not set).</summary>
    public int QuorumDeliveryLimit { get; init; }

    /// <summary><c>rabbit_ha_queues</c>: <c>x-ha-policy: all</c>.</summary>
    public bool HaQueues { get; init; }

    /// <summary><c>rabbit_qos_prefetch_count</c>; upstream's 0 (unlimited) is replaced by a bounded default.</summary>
    public ushort PrefetchCount { get; init; } = 64;

    /// <summary><c>heartbeat_timeout_threshold</c>.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>ssl</c> and <c>ssl_ca_file</c>.</summary>
    public bool Ssl { get; init; }

    public string? SslCaFile { get; init; }

    /// <summary>Reconnect back-off: <c>rabbit_retry_interval</c>, <c>rabbit_retry_backoff</c>, <c>rabbit_interval_max</c>.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryIntervalMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The transport URL with every password replaced by <c>***</c>, for logs.</summary>
    public string Redacted => $"rabbit://{string.Join(",", Endpoints)}/{Uri.EscapeDataString(VirtualHost == "/" ? string.Empty : VirtualHost)}";
}

/// <summary>The five filter options of <c>[oslo_messaging_notifications]</c> (osnl-compatibility.md §6). Null = no constraint.</summary>
public sealed record FilterSettings(
    string? PublisherId,
    string? EventType,
    IReadOnlyDictionary<string, string>? Context,
    IReadOnlyDictionary<string, string>? Metadata,
    IReadOnlyDictionary<string, string>? Payload);

/// <summary>One consumed notification stream (a named option: <c>default</c> for the file's, else <c>Osnl:Sources:&lt;name&gt;</c>).</summary>
public sealed record SourceSettings
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The exchange; an empty value in the file means oslo's control exchange <c>openstack</c>.</summary>
    [ConfigurationKeyName("exchange")]
    public string Exchange { get; set => field = value.Length == 0 ? Amqp.TopologyPlan.DefaultControlExchange : value; } = "neutron";

    [ConfigurationKeyName("topic")]
    public string Topic { get; set; } = "notifications";

    /// <summary>The queue name; empty = <c>&lt;topic&gt;.info</c>.</summary>
    [ConfigurationKeyName("pool")]
    public string Pool { get; set; } = "k2hr3_osnl";

    [ConfigurationKeyName("allow_requeue")]
    public bool AllowRequeue { get; set; } = true;

    public FilterSettings Filter { get; set; } = new(null, null, null, null, null);

    [ConfigurationKeyName("publisher_id")]
    public string? PublisherId { get => Filter.PublisherId; set => Filter = Filter with { PublisherId = value }; }

    [ConfigurationKeyName("event_type")]
    public string? EventType { get => Filter.EventType; set => Filter = Filter with { EventType = value }; }

    // DictOpt: bound from child keys (oslo's parse made them); null when unset or empty (no constraint).
    [ConfigurationKeyName("context")]
    public Dictionary<string, string>? ContextEntries { get => Copy(Filter.Context); set => Filter = Filter with { Context = NullIfEmpty(value) }; }

    [ConfigurationKeyName("metadata")]
    public Dictionary<string, string>? MetadataEntries { get => Copy(Filter.Metadata); set => Filter = Filter with { Metadata = NullIfEmpty(value) }; }

    [ConfigurationKeyName("payload")]
    public Dictionary<string, string>? PayloadEntries { get => Copy(Filter.Payload); set => Filter = Filter with { Payload = NullIfEmpty(value) }; }

    public string QueueName => string.IsNullOrEmpty(Pool) ? $"{Topic}.info" : Pool;

    /// <summary>k2hr3_osnl's endpoint only has <c>info()</c>, so only <c>&lt;topic&gt;.info</c> is bound.</summary>
    public string RoutingKey => $"{Topic}.info";

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? entries) => entries is null ? null : new(entries);

    private static Dictionary<string, string>? NullIfEmpty(Dictionary<string, string>? entries) => entries is { Count: > 0 } ? entries : null;
}

/// <summary><c>[k2hr3]</c>: the K2HR3 API call (osnl-compatibility.md §8), plus <c>[worker] retry_server_errors</c>.</summary>
public sealed record ApiSettings
{
    /// <summary>Absolute http(s) URL of <c>/v1/role</c> (checked by the validator; bound as any text so that it can say why not).</summary>
    public Uri ApiUrl { get; set; } = new("https://localhost/v1/role");

    [ConfigurationKeyName("api_url")]
    public string ApiUrlText { get => ApiUrl.OriginalString; set => ApiUrl = new Uri(value, UriKind.RelativeOrAbsolute); }

    /// <summary><c>timeout_seconds</c>: per attempt (connect and response).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get => (int)Timeout.TotalSeconds; set => Timeout = TimeSpan.FromSeconds(value); }

    /// <summary><c>max_retries</c> (deprecated alias <c>retries</c>): extra attempts after a temporary failure.</summary>
    [ConfigurationKeyName("max_retries")]
    public int MaxRetries { get; set; } = 5;

    /// <summary><c>retry_interval_seconds</c>.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    [ConfigurationKeyName("retry_interval_seconds")]
    public int RetryIntervalSeconds { get => (int)RetryInterval.TotalSeconds; set => RetryInterval = TimeSpan.FromSeconds(value); }

    /// <summary><c>allow_self_signed_cert</c>: accept any server certificate (upstream semantics, §9 #14).</summary>
    [ConfigurationKeyName("allow_self_signed_cert")]
    public bool AllowSelfSignedCert { get; set; }

    /// <summary><c>requeue_on_error</c>: a failed call is retried later instead of acked.</summary>
    [ConfigurationKeyName("requeue_on_error")]
    public bool RequeueOnError { get; set; }

    /// <summary>
    /// Ours (<c>[worker] retry_server_errors</c>): also treat connect errors, 5xx and 429 as temporary.
    /// Off by default: upstream treats only read time-outs as temporary (osnl-compatibility.md §9 #2).
    /// </summary>
    [ConfigurationKeyName("retry_server_errors")]
    public bool RetryServerErrors { get; set; }
}

/// <summary><c>[worker]</c>: behaviour beyond upstream (bounded concurrency, redelivery, shutdown).</summary>
public sealed record ProcessingSettings
{
    /// <summary>Messages processed at once per source.</summary>
    [ConfigurationKeyName("concurrency")]
    public int Concurrency { get; set; } = 16;

    /// <summary>Delay before a failed call (with requeue_on_error) is delivered again. Never a hot loop (osnl-compatibility.md §9 #3).</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("redelivery_delay_seconds")]
    public int RedeliveryDelaySeconds { get => (int)RedeliveryDelay.TotalSeconds; set => RedeliveryDelay = TimeSpan.FromSeconds(value); }

    /// <summary>Redeliveries of one message before it is parked in the dead-letter queue.</summary>
    [ConfigurationKeyName("max_redeliveries")]
    public int MaxRedeliveries { get; set; } = 10;

    /// <summary>Suffix of our queues: <c>&lt;queue&gt;.retry</c> (delay) and <c>&lt;queue&gt;.dead</c> (parked).</summary>
    [ConfigurationKeyName("retry_suffix")]
    public string RetryQueueSuffix { get; set; } = ".retry";

    [ConfigurationKeyName("dead_letter_suffix")]
    public string DeadLetterQueueSuffix { get; set; } = ".dead";

    /// <summary>SIGTERM/SIGINT: time given to in-flight messages before the channel closes.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("shutdown_grace_seconds")]
    public int ShutdownGraceSeconds { get => (int)ShutdownGrace.TotalSeconds; set => ShutdownGrace = TimeSpan.FromSeconds(value); }

    /// <summary>Match time-out of every filter regex (catastrophic backtracking is bounded, not a hang).</summary>
    public TimeSpan RegexMatchTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    [ConfigurationKeyName("regex_timeout_ms")]
    public int RegexTimeoutMs { get => (int)RegexMatchTimeout.TotalMilliseconds; set => RegexMatchTimeout = TimeSpan.FromMilliseconds(value); }
}
