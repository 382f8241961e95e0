namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// Logging like upstream (osnl-compatibility.md §3.8), minus its bugs: one sink for everything — the worker's categories at
/// <c>debug_level</c>/<c>-d</c>, libraries (RabbitMQ.Client, System.Net.Http, ASP.NET Core) at
/// <c>libs_debug_level</c>/<c>-l</c> — in upstream's line format with Python's level names, to exactly the file
/// <c>-f</c>/<c>log_file</c> names (rotated daily to <c>PATH.YYYY-MM-DD</c>, 31 kept), else to stderr. Under Aspire
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) ServiceDefaults adds the OpenTelemetry provider beside it: the dashboard gets
/// the same records structured. Upstream's library loggers had no handler (osnl-compatibility.md §9 #17) and an unopenable file crashed
/// with a traceback (osnl-compatibility.md §9 #16).
/// </summary>
public static class OsnlLogging
{
    /// <summary>Category prefix of the worker's own loggers (namespace K2hr3.Osnl.Worker).</summary>
    public const string WorkerCategory = "K2hr3";

    /// <summary>The RabbitMQ.Client event source is forwarded under this category.</summary>
    public const string RabbitMqClientCategory = "RabbitMQ.Client";

    public static void Configure(ILoggingBuilder logging, LoggingSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(settings.LibraryLevel);
        logging.AddFilter(WorkerCategory, settings.Level);
        logging.AddFilter(RabbitMqClientCategory, settings.LibraryLevel);
        logging.AddFilter("System.Net.Http", settings.LibraryLevel);

        // The settings loader already proved the file writable (Configuration/Validation/LogFile, §9 #16).
        logging.AddProvider(settings.LogFile is { } path
            ? PythonStyleLoggerProvider.File(path, TimeProvider.System)
            : PythonStyleLoggerProvider.StandardError(TimeProvider.System));
    }
}
