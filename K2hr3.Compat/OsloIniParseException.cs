
namespace K2hr3.Compat;

/// <summary>An INI syntax error, reported like oslo.config's <c>ConfigFileParseError</c>.</summary>
public sealed class OsloIniParseException(string path, int lineNumber, string reason, string? line)
    : Exception($"Failed to parse {path}: at {path}:{lineNumber}, {reason}: {PythonText.Repr(line)}")
{
    public string Path { get; } = path;

    /// <summary>1-based; for "Section must be started before assignment" it is the line that flushed the assignment (as oslo).</summary>
    public int LineNumber { get; } = lineNumber;

    public string Reason { get; } = reason;

    /// <summary>The offending line, or null where oslo reports <c>None</c>.</summary>
    public string? Line { get; } = line;
}
