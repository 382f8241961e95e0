using K2hr3.Osnl.Worker.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// Logging like upstream (OSNL.md §3.8), minus its bugs: one sink for everything — the worker's categories at
/// <c>debug_level</c>/<c>-d</c>, libraries (RabbitMQ.Client, System.Net.Http, ASP.NET Core) at
/// <c>libs_debug_level</c>/<c>-l</c> — to a daily-rolling file (31 kept) when <c>-f</c>/<c>log_file</c> is set, else stderr.
/// Upstream's library loggers had no handler (§9 #17) and an unopenable file crashed with a traceback (§9 #16).
/// </summary>
public static class OsnlLogging
{
    /// <summary>Category prefix of the worker's own loggers (namespace K2hr3.Osnl.Worker).</summary>
    public const string WorkerCategory = "K2hr3";

    /// <summary>The RabbitMQ.Client event source is forwarded under this category.</summary>
    public const string RabbitMqClientCategory = "RabbitMQ.Client";

    private const string OutputTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss,fff} {Level:u3} {SourceContext} {Message:lj}{NewLine}{Exception}";

    public static void Configure(ILoggingBuilder logging, LoggingSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(settings.LibraryLevel);
        logging.AddFilter(WorkerCategory, settings.Level);
        logging.AddFilter(RabbitMqClientCategory, settings.LibraryLevel);
        logging.AddFilter("System.Net.Http", settings.LibraryLevel);

        // The settings loader already proved the file writable (Configuration/Validation/LogFile, §9 #16).
        if (settings.LogFile is { } path)
        {
            var serilog = new LoggerConfiguration()
                .MinimumLevel.Is(LogEventLevel.Verbose) // Microsoft.Extensions.Logging filters decide
                .WriteTo.File(
                    path,
                    outputTemplate: OutputTemplate,
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31,
                    encoding: System.Text.Encoding.UTF8,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
            logging.AddSerilog(serilog, dispose: true);

            // AddSerilog adds a Trace rule for its provider (Serilog usually filters itself); provider rules beat the
            // general ones above, so repeat them for the Serilog provider.
            logging.AddFilter<SerilogLoggerProvider>(null, settings.LibraryLevel);
            logging.AddFilter<SerilogLoggerProvider>(WorkerCategory, settings.Level);
            logging.AddFilter<SerilogLoggerProvider>(RabbitMqClientCategory, settings.LibraryLevel);
            logging.AddFilter<SerilogLoggerProvider>("System.Net.Http", settings.LibraryLevel);
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss,fff ";
                console.IncludeScopes = false;
            });
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }
}
