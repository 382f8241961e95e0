using System.Globalization;

namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>
/// Every option the worker reads: upstream's (osnl-compatibility.md §3.5, with the osnl-compatibility.md §9 fixes: working api_url default, the
/// <c>retries</c> alias, <c>warning</c>/<c>critical</c> spellings) and ours in <c>[worker]</c>.
/// </summary>
internal static class OsnlOptions
{
    public const string DefaultGroup = OsloOptionSchema.DefaultGroup;
    public const string NotificationsGroup = "oslo_messaging_notifications";
    public const string K2hr3Group = "k2hr3";
    public const string WorkerGroup = "worker";

    /// <summary>The <c>log_file</c> value that means "log to stderr".</summary>
    public const string StandardErrorLogFile = "sys.stderr";

    // .NET timers and HttpClient time-outs take at most int.MaxValue milliseconds (about 24.8 days).
    private const int MaxSeconds = int.MaxValue / 1000;

    // ---- [DEFAULT]
    public static readonly OsloOption LogFile = new(DefaultGroup, "log_file", OsloOptionKind.StrOpt, StandardErrorLogFile);

    public static readonly OsloOption DebugLevel = new(DefaultGroup, "debug_level", OsloOptionKind.StrOpt, "info",
        Choices: ["debug", "info", "warn", "warning", "error", "critical", "notset"]);

    public static readonly OsloOption LibsDebugLevel = new(DefaultGroup, "libs_debug_level", OsloOptionKind.StrOpt, "warn",
        Choices: ["debug", "info", "warn", "warning", "error", "critical"]);

    // ---- [oslo_messaging_notifications]
    public static readonly OsloOption EventType = new(NotificationsGroup, "event_type", OsloOptionKind.StrOpt, @"^port\.delete\.end$");

    public static readonly OsloOption PublisherId = new(NotificationsGroup, "publisher_id", OsloOptionKind.StrOpt, "^network.*$");

    public static readonly OsloOption Context = new(NotificationsGroup, "context", OsloOptionKind.DictOpt, null);

    public static readonly OsloOption Metadata = new(NotificationsGroup, "metadata", OsloOptionKind.DictOpt, null);

    public static readonly OsloOption Payload = new(NotificationsGroup, "payload", OsloOptionKind.DictOpt, null);

    public static readonly OsloOption TransportUrl = new(NotificationsGroup, "transport_url", OsloOptionKind.StrOpt,
        "rabbit://guest:guest@127.0.0.1:5672/", IsSecret: true);

    public static readonly OsloOption Topic = new(NotificationsGroup, "topic", OsloOptionKind.StrOpt, "notifications");

    public static readonly OsloOption Exchange = new(NotificationsGroup, "exchange", OsloOptionKind.StrOpt, "neutron");

    public static readonly OsloOption Executor = new(NotificationsGroup, "executor", OsloOptionKind.StrOpt, "threading");

    public static readonly OsloOption Pool = new(NotificationsGroup, "pool", OsloOptionKind.StrOpt, "k2hr3_osnl");

    public static readonly OsloOption AllowRequeue = new(NotificationsGroup, "allow_requeue", OsloOptionKind.BoolOpt, "True");

    // ---- [k2hr3]  (api_url: upstream's default "https//localhost/v1/role" is invalid, §9 #5)
    public static readonly OsloOption ApiUrl = new(K2hr3Group, "api_url", OsloOptionKind.StrOpt, "https://localhost/v1/role");

    // Upstream's IntOpts have no bounds: every integer starts, nonsense is replaced with a warning (Lenient).
    // timeout_seconds <= 0 made every upstream call fail (a non-blocking socket, or a ValueError): the default here.
    public static readonly OsloOption TimeoutSeconds = new(K2hr3Group, "timeout_seconds", OsloOptionKind.IntOpt, "30", Minimum: 1,
        Maximum: MaxSeconds, Lenient: true, BelowMinimum: 30);

    // A negative count behaves like 0 upstream (one attempt).
    public static readonly OsloOption MaxRetries = new(K2hr3Group, "max_retries", OsloOptionKind.IntOpt, "5", Minimum: 0,
        DeprecatedName: "retries", Lenient: true);

    // A negative sleep raised per retry upstream; 0 is the nearest sensible meaning.
    public static readonly OsloOption RetryIntervalSeconds = new(K2hr3Group, "retry_interval_seconds", OsloOptionKind.IntOpt, "60",
        Minimum: 0, Maximum: MaxSeconds, Lenient: true);

    public static readonly OsloOption AllowSelfSignedCert = new(K2hr3Group, "allow_self_signed_cert", OsloOptionKind.BoolOpt, "False");

    public static readonly OsloOption RequeueOnError = new(K2hr3Group, "requeue_on_error", OsloOptionKind.BoolOpt, "False");

    // ---- [worker]  (ours; defaults are those of the settings records so the two cannot drift)
    private static readonly ProcessingSettings ProcessingDefaults = new();

    public static readonly OsloOption Concurrency = WorkerInteger("concurrency", ProcessingDefaults.Concurrency, minimum: 1);

    public static readonly OsloOption RedeliveryDelaySeconds = WorkerInteger("redelivery_delay_seconds",
        (int)ProcessingDefaults.RedeliveryDelay.TotalSeconds, minimum: 0, maximum: MaxSeconds);

    public static readonly OsloOption MaxRedeliveries = WorkerInteger("max_redeliveries", ProcessingDefaults.MaxRedeliveries, minimum: 0);

    public static readonly OsloOption ShutdownGraceSeconds = WorkerInteger("shutdown_grace_seconds",
        (int)ProcessingDefaults.ShutdownGrace.TotalSeconds, minimum: 0, maximum: MaxSeconds);

    public static readonly OsloOption RegexTimeoutMs = WorkerInteger("regex_timeout_ms",
        (int)ProcessingDefaults.RegexMatchTimeout.TotalMilliseconds, minimum: 1);

    public static readonly OsloOption RetryServerErrors = new(WorkerGroup, "retry_server_errors", OsloOptionKind.BoolOpt, "False");

    public static readonly OsloOption RetrySuffix = new(WorkerGroup, "retry_suffix", OsloOptionKind.StrOpt, ProcessingDefaults.RetryQueueSuffix);

    public static readonly OsloOption DeadLetterSuffix = new(WorkerGroup, "dead_letter_suffix", OsloOptionKind.StrOpt,
        ProcessingDefaults.DeadLetterQueueSuffix);

    public static readonly IReadOnlyList<OsloOption> All =
    [
        LogFile, DebugLevel, LibsDebugLevel,
        EventType, PublisherId, Context, Metadata, Payload, TransportUrl, Topic, Exchange, Executor, Pool, AllowRequeue,
        ApiUrl, TimeoutSeconds, MaxRetries, RetryIntervalSeconds, AllowSelfSignedCert, RequeueOnError,
        Concurrency, RedeliveryDelaySeconds, MaxRedeliveries, ShutdownGraceSeconds, RegexTimeoutMs, RetryServerErrors,
        RetrySuffix, DeadLetterSuffix,
    ];

    /// <summary>The options one <c>Osnl:Sources:&lt;name&gt;</c> entry may set.</summary>
    public static readonly IReadOnlyList<OsloOption> SourceOptions =
        [Exchange, Topic, Pool, EventType, PublisherId, Context, Metadata, Payload, AllowRequeue];

    /// <summary>The options, under <c>Osnl:&lt;group&gt;</c>, with .NET configuration's own keys for two of them (what
    /// Aspire injects) above every <c>Osnl:*</c> key, highest first.</summary>
    public static readonly OsloOptionSchema Schema = new(All, OsnlConfigurationKeys.Osnl,
        [
            new(TransportUrl, OsnlConfigurationKeys.RabbitMqConnectionString),
            new(ApiUrl, OsnlConfigurationKeys.ApiUrl, Validation.ApiUrl.FromConfiguredUrl),
            new(ApiUrl, OsnlConfigurationKeys.ApiServiceHttps, Validation.ApiUrl.FromBaseUrl),
            new(ApiUrl, OsnlConfigurationKeys.ApiServiceHttp, Validation.ApiUrl.FromBaseUrl),
        ],
        (option, value, reason) => new OsnlConfigurationException(option, value, reason));

    private static OsloOption WorkerInteger(string name, int defaultValue, int minimum, int? maximum = null)
        => new(WorkerGroup, name, OsloOptionKind.IntOpt, defaultValue.ToString(CultureInfo.InvariantCulture), Minimum: minimum, Maximum: maximum);
}
