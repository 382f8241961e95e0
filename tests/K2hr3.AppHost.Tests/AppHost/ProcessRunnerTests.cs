namespace K2hr3.Tests.AppHost;

/// <summary>The helper-command runner behind the health checks, the ring keeper and the runtime probe: its time-out is hard.</summary>
public class ProcessRunnerTests
{
    [Fact]
    public async Task ACommandThatRunsTooLongIsKilledAndSaysSo()
    {
        var started = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync("sleep", ["30"], TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Contains("did not finish within 1 s", result.StandardError, StringComparison.Ordinal);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ACommandThatExitedIsNotWaitedForBecauseAChildOfItHoldsItsOutputOpen()
    {
        // Until the output had a time-out of its own, the caller waited here for the child (a keeper that polls stopped).
        var started = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync("sh", ["-c", "sleep 30 & echo started"], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("still holds its output open", result.StandardError, StringComparison.Ordinal);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task OutputAndExitCodeOfAnOrdinaryCommandAreReturned()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 3"], TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((3, "out\n", "err\n", false), (result.ExitCode, result.StandardOutput, result.StandardError, result.TimedOut));
    }
}
