namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>
/// Writes every record in upstream's line format (<see cref="PythonLogFormat"/>) to stderr or to a
/// <see cref="DailyRotatingFile"/>, synchronously, one line per record — what Python's handlers do. Level filtering is
/// left to the logging builder's rules (<see cref="OsnlLogging"/>).
/// </summary>
public sealed class PythonStyleLoggerProvider : ILoggerProvider
{
    private readonly Action<string> _write;
    private readonly Func<DateTimeOffset> _now;
    private readonly IDisposable? _owned;

    private PythonStyleLoggerProvider(Action<string> write, Func<DateTimeOffset> now, IDisposable? owned)
    {
        _write = write;
        _now = now;
        _owned = owned;
    }

    /// <summary>To stderr (upstream's <c>log_file = sys.stderr</c>).</summary>
    public static PythonStyleLoggerProvider StandardError(TimeProvider time)
    {
        var stderr = Console.Error;
        var gate = new Lock();
        return new PythonStyleLoggerProvider(
            line =>
            {
                lock (gate)
                {
                    stderr.WriteLine(line);
                }
            },
            time.GetLocalNow,
            owned: null);
    }

    /// <summary>To PATH, rotated daily (upstream's <c>-f</c>/<c>log_file</c>).</summary>
    public static PythonStyleLoggerProvider File(string path, TimeProvider time)
    {
        var file = new DailyRotatingFile(path, time);
        return new PythonStyleLoggerProvider(file.WriteLine, () => file.LocalNow, file);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _owned?.Dispose();

    private sealed class Logger(PythonStyleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = PythonLogFormat.Format(provider._now(), logLevel, category, eventId.Id, formatter(state, exception), exception);
            try
            {
                provider._write(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Like Python's Handler.handleError: a full disk or a removed folder must not fail the message being
                // processed; say so on stderr and go on.
                Console.Error.WriteLine($"--- logging error: {e.Message}; the record was: {line}");
            }
        }
    }
}
