using System.Globalization;

namespace K2hr3.Osnl.Worker.Configuration.Options;

/// <summary>
/// Every option the worker reads: upstream's (osnl-compatibility.md §3.5, with the osnl-compatibility.md §9 fixes: working api_url default, the
/// <c>retries</c> alias, <c>warning</c>/<c>critical</c> spellings) and ours in <c>[worker]</c>.
/// </summary>
internal static class OsnlOptions
{
    public const string DefaultGroup = "DEFAULT";
    public const string NotificationsGroup = "oslo_messaging_notifications";
    public const string K2hr3Group = "k2hr3";
    public const string WorkerGroup = "worker";

    /// <summary>The <c>log_file</c> value that means "log to stderr".</summary>
    public const string StandardErrorLogFile = "sys.stderr";

    // .NET timers and HttpClient time-outs take at most int.MaxValue milliseconds (about 24.8 days).
    private const int MaxSeconds = int.MaxValue / 1000;

    public static readonly IReadOnlyList<string> Groups = [DefaultGroup, NotificationsGroup, K2hr3Group, WorkerGroup];

    // ---- [DEFAULT]
    public static readonly OsnlOption LogFile = new(DefaultGroup, "log_file", OptionKind.String, StandardErrorLogFile);

    public static readonly OsnlOption DebugLevel = new(DefaultGroup, "debug_level", OptionKind.String, "info",
        Choices: ["debug", "info", "warn", "warning", "error", "critical", "notset"]);

    public static readonly OsnlOption LibsDebugLevel = new(DefaultGroup, "libs_debug_level", OptionKind.String, "warn",
        Choices: ["debug", "info", "warn", "warning", "error", "critical"]);

    // ---- [oslo_messaging_notifications]
    public static readonly OsnlOption EventType = new(NotificationsGroup, "event_type", OptionKind.String, @"^port\.delete\.end$");

    public static readonly OsnlOption PublisherId = new(NotificationsGroup, "publisher_id", OptionKind.String, "^network.*$");

    public static readonly OsnlOption Context = new(NotificationsGroup, "context", OptionKind.Dictionary, null);

    public static readonly OsnlOption Metadata = new(NotificationsGroup, "metadata", OptionKind.Dictionary, null);

    public static readonly OsnlOption Payload = new(NotificationsGroup, "payload", OptionKind.Dictionary, null);

    public static readonly OsnlOption TransportUrl = new(NotificationsGroup, "transport_url", OptionKind.String,
        "rabbit://guest:guest@127.0.0.1:5672/", IsSecret: true);

    public static readonly OsnlOption Topic = new(NotificationsGroup, "topic", OptionKind.String, "notifications");

    public static readonly OsnlOption Exchange = new(NotificationsGroup, "exchange", OptionKind.String, "neutron");

    public static readonly OsnlOption Executor = new(NotificationsGroup, "executor", OptionKind.String, "threading");

    public static readonly OsnlOption Pool = new(NotificationsGroup, "pool", OptionKind.String, "k2hr3_osnl");

    public static readonly OsnlOption AllowRequeue = new(NotificationsGroup, "allow_requeue", OptionKind.Boolean, "True");

    // ---- [k2hr3]  (api_url: upstream's default "https//localhost/v1/role" is invalid, §9 #5)
    public static readonly OsnlOption ApiUrl = new(K2hr3Group, "api_url", OptionKind.String, "https://localhost/v1/role");

    // Upstream's IntOpts have no bounds: every integer starts, nonsense is replaced with a warning (Lenient).
    // timeout_seconds <= 0 made every upstream call fail (a non-blocking socket, or a ValueError): the default here.
    public static readonly OsnlOption TimeoutSeconds = new(K2hr3Group, "timeout_seconds", OptionKind.Integer, "30", Minimum: 1,
        Maximum: MaxSeconds, Lenient: true, BelowMinimum: 30);

    // A negative count behaves like 0 upstream (one attempt).
    public static readonly OsnlOption MaxRetries = new(K2hr3Group, "max_retries", OptionKind.Integer, "5", Minimum: 0,
        DeprecatedName: "retries", Lenient: true);

    // A negative sleep raised per retry upstream; 0 is the nearest sensible meaning.
    public static readonly OsnlOption RetryIntervalSeconds = new(K2hr3Group, "retry_interval_seconds", OptionKind.Integer, "60",
        Minimum: 0, Maximum: MaxSeconds, Lenient: true);

    public static readonly OsnlOption AllowSelfSignedCert = new(K2hr3Group, "allow_self_signed_cert", OptionKind.Boolean, "False");

    public static readonly OsnlOption RequeueOnError = new(K2hr3Group, "requeue_on_error", OptionKind.Boolean, "False");

    // ---- [worker]  (ours; defaults are those of the settings records so the two cannot drift)
    private static readonly ProcessingSettings ProcessingDefaults = new();

    public static readonly OsnlOption Concurrency = WorkerInteger("concurrency", ProcessingDefaults.Concurrency, minimum: 1);

    public static readonly OsnlOption RedeliveryDelaySeconds = WorkerInteger("redelivery_delay_seconds",
        (int)ProcessingDefaults.RedeliveryDelay.TotalSeconds, minimum: 0, maximum: MaxSeconds);

    public static readonly OsnlOption MaxRedeliveries = WorkerInteger("max_redeliveries", ProcessingDefaults.MaxRedeliveries, minimum: 0);

    public static readonly OsnlOption ShutdownGraceSeconds = WorkerInteger("shutdown_grace_seconds",
        (int)ProcessingDefaults.ShutdownGrace.TotalSeconds, minimum: 0, maximum: MaxSeconds);

    public static readonly OsnlOption RegexTimeoutMs = WorkerInteger("regex_timeout_ms",
        (int)ProcessingDefaults.RegexMatchTimeout.TotalMilliseconds, minimum: 1);

    public static readonly OsnlOption RetryServerErrors = new(WorkerGroup, "retry_server_errors", OptionKind.Boolean, "False");

    public static readonly OsnlOption RetrySuffix = new(WorkerGroup, "retry_suffix", OptionKind.String, ProcessingDefaults.RetryQueueSuffix);

    public static readonly OsnlOption DeadLetterSuffix = new(WorkerGroup, "dead_letter_suffix", OptionKind.String,
        ProcessingDefaults.DeadLetterQueueSuffix);

    public static readonly IReadOnlyList<OsnlOption> All =
    [
        LogFile, DebugLevel, LibsDebugLevel,
        EventType, PublisherId, Context, Metadata, Payload, TransportUrl, Topic, Exchange, Executor, Pool, AllowRequeue,
        ApiUrl, TimeoutSeconds, MaxRetries, RetryIntervalSeconds, AllowSelfSignedCert, RequeueOnError,
        Concurrency, RedeliveryDelaySeconds, MaxRedeliveries, ShutdownGraceSeconds, RegexTimeoutMs, RetryServerErrors,
        RetrySuffix, DeadLetterSuffix,
    ];

    /// <summary>The options one <c>Osnl:Sources:&lt;name&gt;</c> entry may set.</summary>
    public static readonly IReadOnlyList<OsnlOption> SourceOptions =
        [Exchange, Topic, Pool, EventType, PublisherId, Context, Metadata, Payload, AllowRequeue];

    /// <summary>The group whose name matches (<c>DEFAULT</c> exactly, others case-insensitively, like oslo).</summary>
    public static string? FindGroup(string name)
        => Groups.FirstOrDefault(group => group == DefaultGroup ? name == group : string.Equals(group, name, StringComparison.OrdinalIgnoreCase));

    public static OsnlOption? Find(string group, string name) => All.FirstOrDefault(option => option.Group == group && option.Name == name);

    private static OsnlOption WorkerInteger(string name, int defaultValue, int minimum, int? maximum = null)
        => new(WorkerGroup, name, OptionKind.Integer, defaultValue.ToString(CultureInfo.InvariantCulture), Minimum: minimum, Maximum: maximum);
}
