using System.Diagnostics.Tracing;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// RabbitMQ.Client 7 logs through its EventSource "rabbitmq-client", not ILogger. This listener forwards those events
/// to the "RabbitMQ.Client" logger so the library's connection warnings reach the worker's sink (osnl-compatibility.md §9 #17).
/// </summary>
public sealed class RabbitMqClientLogForwarder : EventListener
{
    public const string EventSourceName = "rabbitmq-client";

    private readonly Lock _lock = new();
    private EventSource? _source;
    private ILogger? _logger;
    private EventLevel _level;

    /// <summary>Starts forwarding at <paramref name="libraryLevel"/> (None = off).</summary>
    public void Start(ILoggerFactory loggerFactory, LogLevel libraryLevel)
    {
        if (libraryLevel == LogLevel.None)
        {
            return;
        }

        lock (_lock)
        {
            _logger = loggerFactory.CreateLogger(OsnlLogging.RabbitMqClientCategory);
            _level = libraryLevel switch
            {
                LogLevel.Trace or LogLevel.Debug => EventLevel.Verbose,
                LogLevel.Information => EventLevel.Informational,
                LogLevel.Warning => EventLevel.Warning,
                LogLevel.Error => EventLevel.Error,
                _ => EventLevel.Critical,
            };
            if (_source is not null)
            {
                EnableEvents(_source, _level);
            }
        }
    }

    // Called from the base constructor for sources that already exist, i.e. possibly before Start.
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name != EventSourceName)
        {
            return;
        }

        lock (_lock)
        {
            _source = eventSource;
            if (_logger is not null)
            {
                EnableEvents(eventSource, _level);
            }
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var logger = _logger;
        if (logger is null || eventData.Payload is not { Count: > 0 } payload)
        {
            return;
        }

        var level = eventData.Level switch
        {
            EventLevel.Critical => LogLevel.Critical,
            EventLevel.Error => LogLevel.Error,
            EventLevel.Warning => LogLevel.Warning,
            EventLevel.Informational => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var message = payload[0] as string ?? string.Empty;

        // The error event carries the exception as a {Type, Message, StackTrace, InnerException} payload object.
        if (payload.Count > 1 && payload[1] is IDictionary<string, object?> exception)
        {
            exception.TryGetValue("Type", out var type);
            exception.TryGetValue("Message", out var text);
            message = $"{message} ({type}: {text})";
        }

#pragma warning disable CA1848, CA2254 // Forwarded text from another library: no fixed template exists.
        logger.Log(level, new EventId(eventData.EventId, eventData.EventName), message);
#pragma warning restore CA1848, CA2254
    }
}
