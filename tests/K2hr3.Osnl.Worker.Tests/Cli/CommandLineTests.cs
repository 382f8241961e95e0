using K2hr3.Osnl.Worker.Cli;

namespace K2hr3.Tests.Cli;

/// <summary>upstream's flags (osnl-compatibility.md §2) plus .NET configuration pass-through, parsed in-process.</summary>
public class CommandLineTests
{
    private sealed record Outcome(CommandLineResult Result, string Output, string Error);

    private static Outcome Parse(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var result = OsnlCommandLine.Parse(args, output, error);
        return new Outcome(result, output.ToString(), error.ToString());
    }

    [Fact]
    public void NoArgumentsRunWithTheDefaults()
    {
        var outcome = Parse();
        Assert.Null(outcome.Result.ExitCode);
        Assert.Equal(CommandLineOverrides.None, outcome.Result.Overrides);
        Assert.Empty(outcome.Result.PassThroughArgs);
        Assert.Empty(outcome.Output + outcome.Error);
    }

    [Theory]
    [InlineData("-c /etc/x.conf -d debug -l warning -f /var/log/osnl.log")]
    [InlineData("--config-file /etc/x.conf -d debug -l warning -f /var/log/osnl.log")]
    [InlineData("--config-file=/etc/x.conf -f /var/log/osnl.log -l warning -d debug")]
    public void FlagsBecomeOverrides(string commandLine)
        => Assert.Equal(new CommandLineOverrides("/etc/x.conf", "debug", "warning", "/var/log/osnl.log"),
            Parse(commandLine.Split(' ')).Result.Overrides);

    [Fact]
    public void DotNetConfigurationArgumentsPassThroughInOrder()
    {
        var outcome = Parse("--Osnl:k2hr3:timeout_seconds=5", "-c", "/x.conf", "--urls", "http://127.0.0.1:0", "--K2hr3:Api:Url=http://a");
        Assert.Null(outcome.Result.ExitCode);
        Assert.Equal("/x.conf", outcome.Result.Overrides.ConfigFile);
        Assert.Equal(["--Osnl:k2hr3:timeout_seconds=5", "--urls", "http://127.0.0.1:0", "--K2hr3:Api:Url=http://a"],
            outcome.Result.PassThroughArgs);
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("warn")]
    [InlineData("warning")]
    public void AllLevelNamesAreAccepted(string level) => Assert.Equal(level, Parse("-d", level).Result.Overrides.DebugLevel);

    [Theory]
    [InlineData("-d", "verbose")]
    [InlineData("-l", "notset")]
    [InlineData("-d", "DEBUG")]
    public void AnInvalidLevelIsAUsageErrorNamingTheValue(string flag, string value)
    {
        var outcome = Parse(flag, value);
        Assert.Equal(2, outcome.Result.ExitCode);
        Assert.Equal(
            $"k2hr3-osnl: error: argument {flag}: invalid choice: '{value}' (choose from 'debug', 'info', 'warn', 'warning', 'error', 'critical')"
            + Environment.NewLine,
            outcome.Error);
    }

    [Theory]
    [InlineData("stray")]
    [InlineData("-x")]
    public void UnknownTokensThatAreNotDotNetArgumentsAreUsageErrors(string token)
    {
        var outcome = Parse(token);
        Assert.Equal(2, outcome.Result.ExitCode);
        Assert.Equal($"k2hr3-osnl: error: unrecognized arguments: {token}{Environment.NewLine}", outcome.Error);
    }

    [Fact]
    public void AMissingFlagValueIsAOneLineUsageError()
    {
        var outcome = Parse("-c");
        Assert.Equal(2, outcome.Result.ExitCode);
        Assert.StartsWith("k2hr3-osnl: error: ", outcome.Error);
        Assert.Single(outcome.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void VersionPrintsProgramNameAndVersion()
    {
        var outcome = Parse("-v");
        Assert.Equal(0, outcome.Result.ExitCode);
        Assert.Matches(@"^k2hr3-osnl \d+\.\d+\.\d+\S*\r?\n$", outcome.Output);
        Assert.Empty(outcome.Error);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void HelpPrintsUsageWithEveryFlag(string flag)
    {
        var outcome = Parse(flag, "-d", "bogus");
        Assert.Equal(0, outcome.Result.ExitCode);
        foreach (var expected in new[] { "-c, --config-file", "-d <LEVEL>", "-l <LEVEL>", "-f <LOG_FILE>", "-v, --version", "-h, --help" })
        {
            Assert.Contains(expected, outcome.Output);
        }
    }

    [Fact]
    public void ResponseFilesAreNotExpanded()
        => Assert.Equal(2, Parse("@/etc/passwd").Result.ExitCode); // an ordinary unknown token, not a file to read
}
