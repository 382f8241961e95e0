using K2hr3.Compat;

namespace K2hr3.Osnl.Worker.Configuration.Validation;

/// <summary>
/// <c>log_file</c> / <c>-f</c>: <c>sys.stderr</c> means stderr; anything else must be a file we can append to.
/// Checked at start-up because upstream crashes on an unopenable path despite promising a fallback (osnl-compatibility.md §9 #16).
/// </summary>
internal static class LogFile
{
    /// <returns>The path, or null for stderr.</returns>
    /// <exception cref="OptionValueException">The file cannot be opened for appending.</exception>
    public static string? Validate(string value)
    {
        if (value == Options.OsnlOptions.StandardErrorLogFile)
        {
            return null;
        }

        if (value.Length == 0)
        {
            throw new OptionValueException($"must be a file path or {Options.OsnlOptions.StandardErrorLogFile}");
        }

        if (Directory.Exists(value))
        {
            throw new OptionValueException("is a directory");
        }

        try
        {
            // The logger opens it the same way later; creating it now is what the logger would do anyway.
            using var stream = new FileStream(value, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new OptionValueException($"cannot be opened for writing: {e.Message}");
        }

        return value;
    }
}
