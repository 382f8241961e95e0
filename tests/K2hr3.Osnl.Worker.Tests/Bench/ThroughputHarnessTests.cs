namespace K2hr3.Tests.Bench;

/// <summary>
/// The documented throughput command (bench/README.md) keeps working: a small run times the bare consumer, the worker
/// and an external listener command (here the worker again, through <c>--listener</c> and <c>{conf}</c>) and writes the
/// Markdown table README.md includes. The rate target is not asserted here: it depends on the machine.
/// </summary>
public sealed class ThroughputHarnessTests
{
    private const int Messages = 1_000;
    private const int Warmup = 300;
    private const int Rounds = 2;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task HarnessTimesTheBareConsumerTheWorkerAndAListenerCommandAndWritesTheTable()
    {
        RabbitMqBrokerFixture.SkipUnlessInstalled();
        var listener = $"{BenchCommand.Dotnet} {Path.Combine(AppContext.BaseDirectory, "k2hr3-osnl.dll")} -c {{conf}}";
        using var directory = new TempDirectory();
        var markdown = directory.Combine("throughput.md");

        var result = await BenchCommand.RunAsync(
            "ThroughputHarness",
            ["--messages", $"{Messages}", "--warmup", $"{Warmup}", "--rounds", $"{Rounds}", "--listener", listener, "--markdown", markdown],
            Timeout);

        Assert.True(result.Succeeded, result.Output);
        var table = await File.ReadAllLinesAsync(markdown, TestContext.Current.CancellationToken);
        var rows = table.Where(line => line.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList(); // without the header
        Assert.Collection(
            rows,
            row => Assert.StartsWith("| bare consumer (consume + ack, no work) | 1,000 |", row, StringComparison.Ordinal),
            row => Assert.StartsWith("| k2hr3-osnl (this repository) | 1,000 |", row, StringComparison.Ordinal),
            row => Assert.StartsWith($"| {listener} | 1,000 |", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Matches(@"\| [\d,]+ / [\d,]+ \|", row)); // both rounds' rates
        Assert.All(rows[1..], row => Assert.Matches(@"\| \d+ MiB \|$", row));
        Assert.Contains(table, line => line.StartsWith("Target: k2hr3-osnl ≥ 50 % of the bare consumer — ", StringComparison.Ordinal));
        Assert.Contains(table, line => line.StartsWith($"Each row is the median of {Rounds} round(s)", StringComparison.Ordinal) && line.Contains($"{Warmup:N0} untimed warm-up", StringComparison.Ordinal));

        // Every round drained the whole queue (warm-up + timed) and the sink counted only the timed notifications.
        Assert.Equal(Rounds * 3, CountOccurrences(result.Output, $"filled k2hr3_osnl with {Warmup:N0} warm-up + {Messages:N0} timed notifications"));
        Assert.Equal(Rounds * 3, CountOccurrences(result.Output, $": {Messages:N0} of {Messages:N0} in "));
        Assert.Contains(table, line => line.StartsWith("Measured ", StringComparison.Ordinal) && line.Contains("RabbitMQ 3.", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage(string.Join('\n', table));
    }

    private static int CountOccurrences(string text, string value) => Regex.Count(text, Regex.Escape(value));
}
