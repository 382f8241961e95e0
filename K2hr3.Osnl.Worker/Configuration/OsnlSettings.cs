using Microsoft.Extensions.Logging;

namespace K2hr3.Osnl.Worker.Configuration;

// The validated, immutable settings of one worker process. Built once at start-up by OsnlSettingsLoader from
// (lowest to highest precedence): code defaults (osnl-compatibility.md §3.5) < k2hr3-osnl.conf < OS_<GROUP>__<OPT> environment
// < .NET configuration (appsettings, environment, --Key=Value; what Aspire injects) < the -d/-l/-f flags.
// Nothing here is re-validated per message (upstream bug osnl-compatibility.md §9 #9).

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

/// <param name="Level">The worker's own level (<c>debug_level</c> / <c>-d</c>).</param>
/// <param name="LibraryLevel">The AMQP/HTTP library level (<c>libs_debug_level</c> / <c>-l</c>).</param>
/// <param name="LogFile">A file path, or null for stderr (<c>log_file = sys.stderr</c>).</param>
public sealed record LoggingSettings(LogLevel Level, LogLevel LibraryLevel, string? LogFile);

/// <summary>One broker host of a (possibly multi-host, fail-over) transport_url.</summary>
public sealed record BrokerEndpoint(string Host, int Port, string UserName, string Password)
{
    /// <summary>Never print the password (Standards: secrets never in logs).</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port}";
}

/// <summary>The broker and the topology options of oslo's rabbit driver (osnl-compatibility.md §4.2).</summary>
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

/// <summary>One consumed notification stream: exchange + topic + pool (queue) + filter.</summary>
public sealed record SourceSettings
{
    public required string Name { get; init; }

    /// <summary>The exchange; an empty value in the file means oslo's control exchange <c>openstack</c>.</summary>
    public string Exchange { get; init; } = "neutron";

    public string Topic { get; init; } = "notifications";

    /// <summary>The queue name; empty = <c>&lt;topic&gt;.info</c>.</summary>
    public string Pool { get; init; } = "k2hr3_osnl";

    public bool AllowRequeue { get; init; } = true;

    public required FilterSettings Filter { get; init; }

    public string QueueName => string.IsNullOrEmpty(Pool) ? $"{Topic}.info" : Pool;

    /// <summary>k2hr3_osnl's endpoint only has <c>info()</c>, so only <c>&lt;topic&gt;.info</c> is bound.</summary>
    public string RoutingKey => $"{Topic}.info";
}

/// <summary><c>[k2hr3]</c>: the K2HR3 API call (osnl-compatibility.md §8).</summary>
public sealed record ApiSettings
{
    /// <summary>Absolute http(s) URL of <c>/v1/role</c>. Validated once at start-up.</summary>
    public required Uri ApiUrl { get; init; }

    /// <summary><c>timeout_seconds</c>: per attempt (connect and response).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>max_retries</c> (deprecated alias <c>retries</c>): extra attempts after a temporary failure.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary><c>retry_interval_seconds</c>.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>allow_self_signed_cert</c>: accept any server certificate (upstream semantics, §9 #14).</summary>
    public bool AllowSelfSignedCert { get; init; }

    /// <summary><c>requeue_on_error</c>: a failed call is retried later instead of acked.</summary>
    public bool RequeueOnError { get; init; }

    /// <summary>
    /// Ours (<c>[worker] retry_server_errors</c>): also treat connect errors, 5xx and 429 as temporary.
    /// Off by default: upstream treats only read time-outs as temporary (osnl-compatibility.md §9 #2).
    /// </summary>
    public bool RetryServerErrors { get; init; }
}

/// <summary><c>[worker]</c>: behaviour beyond upstream (bounded concurrency, redelivery, shutdown).</summary>
public sealed record ProcessingSettings
{
    /// <summary>Messages processed at once per source.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Delay before a failed call (with requeue_on_error) is delivered again. Never a hot loop (osnl-compatibility.md §9 #3).</summary>
    public TimeSpan RedeliveryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Redeliveries of one message before it is parked in the dead-letter queue.</summary>
    public int MaxRedeliveries { get; init; } = 10;

    /// <summary>Suffix of our queues: <c>&lt;queue&gt;.retry</c> (delay) and <c>&lt;queue&gt;.dead</c> (parked).</summary>
    public string RetryQueueSuffix { get; init; } = ".retry";

    public string DeadLetterQueueSuffix { get; init; } = ".dead";

    /// <summary>SIGTERM/SIGINT: time given to in-flight messages before the channel closes.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Match time-out of every filter regex (catastrophic backtracking is bounded, not a hang).</summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
