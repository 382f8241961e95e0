namespace K2hr3.AppHost.Hosting;

/// <summary>Finds an executable file in a configured folder or on PATH.</summary>
internal static class ExecutableLocator
{
    /// <summary>
    /// Returns the full path of <paramref name="command"/>: itself when it contains a '/', else the first executable
    /// match in <paramref name="directory"/> (only there when given) or on <paramref name="searchPath"/>.
    /// </summary>
    public static string? Find(string command, string? directory, string? searchPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutableFile(command) ? Path.GetFullPath(command) : null;
        }

        var folders = directory is not null
            ? [directory]
            : (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, command);
            if (IsExecutableFile(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    public static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
