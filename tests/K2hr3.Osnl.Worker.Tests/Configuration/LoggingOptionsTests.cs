namespace K2hr3.Tests.Configuration;

/// <summary>debug_level, libs_debug_level, log_file and the -d/-l/-f flags (osnl-compatibility.md §2, §3.8, §9 #8 #16).</summary>
public class LoggingOptionsTests
{
    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("critical", LogLevel.Critical)]
    [InlineData("notset", LogLevel.Warning)]
    public void DebugLevelAcceptsTheDocumentedAliases(string name, LogLevel expected)
        => Assert.Equal(expected, SettingsHarness.LoadIni($"[DEFAULT]\ndebug_level = {name}\n").Logging.Level);

    [Theory]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("critical", LogLevel.Critical)]
    public void LibsDebugLevelAcceptsTheSampleConfsSpelling(string name, LogLevel expected)
        => Assert.Equal(expected, SettingsHarness.LoadIni($"[DEFAULT]\nlibs_debug_level = {name}\n").Logging.LibraryLevel);

    [Fact]
    public void CommandLineFlagsWinOverTheFile()
    {
        using var directory = new TempDirectory();
        var logFile = directory.Combine("osnl.log");
        using var harness = new SettingsHarness
        {
            Ini = "[DEFAULT]\ndebug_level = error\nlibs_debug_level = error\n",
            Overrides = new(DebugLevel: "debug", LibraryDebugLevel: "critical", LogFile: logFile),
        };
        Assert.Equal(new LoggingSettings(LogLevel.Debug, LogLevel.Critical, logFile), harness.Load().Logging);
    }

    [Fact]
    public void AnInvalidCommandLineLevelNamesTheFlag()
    {
        using var harness = new SettingsHarness { Ini = string.Empty, Overrides = new(DebugLevel: "notset") };
        var error = harness.LoadFails();
        Assert.Equal(("-d", "notset"), (error.Option, error.Value));
    }

    [Fact]
    public void AnInvalidFileLevelFailsEvenWhenTheFlagOverridesIt()
    {
        using var harness = new SettingsHarness { Ini = "[DEFAULT]\ndebug_level = loud\n", Overrides = new(DebugLevel: "debug") };
        Assert.Equal("[DEFAULT] debug_level", harness.LoadFails().Option);
    }

    [Fact]
    public void LogFileSysStderrMeansStandardError()
        => Assert.Null(SettingsHarness.LoadIni("[DEFAULT]\nlog_file = sys.stderr\n").Logging.LogFile);

    [Fact]
    public void ALogFileIsCheckedForWritingAtStartUp()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("k2hr3-osnl.log");
        Assert.Equal(path, SettingsHarness.LoadIni($"[DEFAULT]\nlog_file = {path}\n").Logging.LogFile);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("/nonexistent_dir/x.log", "cannot be opened for writing")]
    [InlineData("/tmp", "is a directory")]
    [InlineData("", "must be a file path or sys.stderr")]
    public void AnUnusableLogFileFailsStartUp(string path, string reason)
    {
        var error = SettingsHarness.LoadIniFails($"[DEFAULT]\nlog_file = {path}\n");
        Assert.Equal("[DEFAULT] log_file", error.Option);
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void AnUnusableLogFileFlagNamesTheFlag()
    {
        using var harness = new SettingsHarness { Ini = string.Empty, Overrides = new(LogFile: "/nonexistent_dir/x.log") };
        Assert.Equal("-f", harness.LoadFails().Option);
    }
}
