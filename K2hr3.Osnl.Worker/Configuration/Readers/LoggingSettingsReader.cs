using K2hr3.Compat;
using K2hr3.Osnl.Worker.Configuration.Options;
using K2hr3.Osnl.Worker.Configuration.Validation;

namespace K2hr3.Osnl.Worker.Configuration.Readers;

/// <summary><c>[DEFAULT]</c> debug_level, libs_debug_level, log_file, overridden by <c>-d</c>, <c>-l</c>, <c>-f</c>.</summary>
internal static class LoggingSettingsReader
{
    public static LoggingSettings Read(OsloOptionResolver options, CommandLineOverrides overrides)
    {
        // The config values are validated even when a flag overrides them: nothing invalid is left for later (osnl-compatibility.md §9 #9).
        var level = options.GetString(OsnlOptions.DebugLevel);
        var libraryLevel = options.GetString(OsnlOptions.LibsDebugLevel);
        var logFile = ReadLogFile(options);

        return new LoggingSettings(
            LogLevels.FromName(overrides.DebugLevel is { } d ? CommandLineLevel("-d", d) : level),
            LogLevels.FromName(overrides.LibraryDebugLevel is { } l ? CommandLineLevel("-l", l) : libraryLevel),
            overrides.LogFile is { } f ? CommandLineLogFile(f) : logFile);
    }

    private static string? ReadLogFile(OsloOptionResolver options)
    {
        try
        {
            return LogFile.Validate(options.GetString(OsnlOptions.LogFile));
        }
        catch (OptionValueException e)
        {
            throw options.Invalid(OsnlOptions.LogFile, e.Message);
        }
    }

    private static string CommandLineLevel(string flag, string value)
    {
        try
        {
            return OsloTypes.ParseChoice(value, LogLevels.CommandLineChoices);
        }
        catch (OptionValueException e)
        {
            throw new OsnlConfigurationException(flag, value, e.Message);
        }
    }

    private static string? CommandLineLogFile(string value)
    {
        try
        {
            return LogFile.Validate(value);
        }
        catch (OptionValueException e)
        {
            throw new OsnlConfigurationException("-f", MessageText.OneLine(value), e.Message);
        }
    }
}
