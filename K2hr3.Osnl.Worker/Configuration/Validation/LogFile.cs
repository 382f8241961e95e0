namespace K2hr3.Osnl.Worker.Configuration.Validation;

/// <summary>
/// <c>log_file</c> / <c>-f</c>: <c>sys.stderr</c> means stderr; anything else must be a file we can append to.
/// Checked at start-up because upstream crashes on an unopenable path despite promising a fallback (osnl-compatibility.md §9 #16).
/// </summary>
internal static class LogFile
{
    /// <returns>Why <paramref name="value"/> cannot be the log, or null (the file now exists, or it is sys.stderr).</returns>
    public static string? Check(string value)
    {
        if (value == Options.OsnlOptions.StandardErrorLogFile)
        {
            return null;
        }

        if (value.Length == 0)
        {
            return $"must be a file path or {Options.OsnlOptions.StandardErrorLogFile}";
        }

        if (Directory.Exists(value))
        {
            return "is a directory";
        }

        try
        {
            // The logger opens it the same way later; creating it now is what the logger would do anyway.
            using var stream = new FileStream(value, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"cannot be opened for writing: {e.Message}";
        }
    }
}
