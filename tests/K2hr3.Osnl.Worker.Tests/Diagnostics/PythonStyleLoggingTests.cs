namespace K2hr3.Tests.Diagnostics;

/// <summary>Upstream's log line format and its TimedRotatingFileHandler(when='midnight', backupCount=31) behaviour.</summary>
public sealed class PythonStyleLoggingTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 4, 23, 59, 58, 18, TimeSpan.Zero);

    private static FakeTimeProvider Clock(DateTimeOffset start)
    {
        var clock = new FakeTimeProvider(start);
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    [Theory]
    [InlineData(LogLevel.Trace, "DEBUG")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "CRITICAL")]
    public void LevelsHavePythonsNames(LogLevel level, string name) => Assert.Equal(name, PythonLogFormat.LevelName(level));

    [Fact]
    public void ALineIsAsctimeLevelNameEventIdMessage()
        => Assert.Equal(
            "2026-12-04 23:59:58,018 INFO K2hr3.Osnl.Worker.Processing.DeliveryProcessor:400 Deleted x",
            PythonLogFormat.Format(Day1, LogLevel.Information, "K2hr3.Osnl.Worker.Processing.DeliveryProcessor", 400, "Deleted x", null));

    [Fact]
    public void AnExceptionFollowsOnTheNextLinesLikeATraceback()
    {
        var line = PythonLogFormat.Format(Day1, LogLevel.Error, "c", 1, "failed", new InvalidOperationException("boom"));
        Assert.StartsWith("2026-12-04 23:59:58,018 ERROR c:1 failed\nSystem.InvalidOperationException: boom", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLiveFileIsAlwaysPathAndMidnightRotatesItToADatedNameBesideIt()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("k2hr3-osnl.log");
        var clock = Clock(Day1);
        using (var file = new DailyRotatingFile(path, clock))
        {
            file.WriteLine("first day é");
            Assert.Equal([path], Directory.GetFiles(directory.Path));
            clock.Advance(TimeSpan.FromSeconds(3)); // 00:00:01 the next day
            file.WriteLine("second day");
        }

        Assert.Equal([path, path + ".2026-12-04"], Directory.GetFiles(directory.Path).Order());
        Assert.Equal("first day é\n", File.ReadAllText(path + ".2026-12-04"));
        Assert.Equal("second day\n", File.ReadAllText(path));
        var bytes = File.ReadAllBytes(path + ".2026-12-04");
        Assert.Equal(Encoding.UTF8.GetBytes("first day é\n"), bytes); // UTF-8, no BOM
    }

    [Fact]
    public void ALiveFileLeftFromAnEarlierDayIsRotatedByTheFirstLineAndItsLinesAreKept()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("osnl.log", "from the last run\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc));
        using (var file = new DailyRotatingFile(path, Clock(Day1)))
        {
            file.WriteLine("today");
        }

        Assert.Equal("from the last run\n", File.ReadAllText(path + ".2026-12-01"));
        Assert.Equal("today\n", File.ReadAllText(path));
    }

    [Fact]
    public void OnlyTheNewest31DatedFilesAreKeptAndOtherFilesAreLeftAlone()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("osnl.log");
        var first = new DateOnly(2026, 10, 1);
        for (var day = 0; day < 40; day++)
        {
            File.WriteAllText($"{path}.{first.AddDays(day):yyyy-MM-dd}", "old\n");
        }

        directory.Write("osnl.log.bak", "keep\n");
        directory.Write("other.log.2026-01-01", "keep\n");
        var clock = Clock(Day1);
        using (var file = new DailyRotatingFile(path, clock))
        {
            file.WriteLine("day 1");
            clock.Advance(TimeSpan.FromDays(1));
            file.WriteLine("day 2");
        }

        var dated = Directory.GetFiles(directory.Path, "osnl.log.2*").Order().ToList();
        Assert.Equal(DailyRotatingFile.BackupCount, dated.Count);
        Assert.Equal(path + ".2026-12-04", dated[^1]);
        Assert.Equal($"{path}.{first.AddDays(40 - 30):yyyy-MM-dd}", dated[0]);
        Assert.True(File.Exists(path + ".bak"));
        Assert.True(File.Exists(directory.Combine("other.log.2026-01-01")));
    }

    [Fact]
    public void TheProviderWritesEachRecordAsOneUpstreamLine()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("osnl.log");
        using (var provider = PythonStyleLoggerProvider.File(path, Clock(Day1)))
        {
            provider.CreateLogger("K2hr3.Osnl.Worker.Amqp.BrokerConsumerService").Log(LogLevel.Warning, new EventId(113), "Broker connection failed: refused");
        }

        Assert.Equal("2026-12-04 23:59:58,018 WARNING K2hr3.Osnl.Worker.Amqp.BrokerConsumerService:113 Broker connection failed: refused\n", File.ReadAllText(path));
    }
}
