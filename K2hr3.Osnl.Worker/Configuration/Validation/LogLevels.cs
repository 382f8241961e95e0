namespace K2hr3.Osnl.Worker.Configuration.Validation;

/// <summary>
/// upstream's level names (<c>_nametolevel</c>) mapped to .NET levels. <c>warning</c> and <c>critical</c> are
/// accepted everywhere (osnl-compatibility.md §9 #8: the docs use them); <c>notset</c> means "inherit root" in Python, i.e. WARNING.
/// </summary>
internal static class LogLevels
{
    /// <summary>The spellings <c>-d</c> and <c>-l</c> accept (argparse choices plus the <c>warning</c> alias).</summary>
    public static readonly IReadOnlyList<string> CommandLineChoices = ["debug", "info", "warn", "warning", "error", "critical"];

    public static LogLevel FromName(string name) => name switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" or "notset" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a log level name"),
    };

    /// <summary>The upstream name of a level (Python's level name in lower case, as the file spells it).</summary>
    public static string NameOf(LogLevel level) => Diagnostics.PythonLogFormat.LevelName(level).ToLowerInvariant();
}
