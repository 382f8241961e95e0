using System.Globalization;
using System.Text;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// Upstream's line format, <c>%(asctime)-15s %(levelname)s %(name)s:%(lineno)d %(message)s</c>, so log shipping and
/// alert rules written for the Python listener keep matching: local time with a comma before the milliseconds,
/// Python's level names, the logger (category) and, where Python has a line number, the event id.
/// </summary>
public static class PythonLogFormat
{
    /// <summary>Python's names; .NET's Trace has none and is shown as DEBUG (Python's lowest named level).</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>One record as Python's logging writes it; an exception follows on the next lines, like a traceback.</summary>
    public static string Format(DateTimeOffset localTime, LogLevel level, string category, int eventId, string message, Exception? exception)
    {
        var line = new StringBuilder(64 + category.Length + message.Length);
        line.Append(localTime.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level))
            .Append(' ').Append(category)
            .Append(':').Append(eventId.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(message);
        if (exception is not null)
        {
            line.Append('\n').Append(exception);
        }

        return line.ToString();
    }
}
