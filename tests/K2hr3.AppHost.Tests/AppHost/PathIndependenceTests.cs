namespace K2hr3.Tests.AppHost;

/// <summary>
/// A test chooses what the AppHost runs; the machine's PATH does not. The "nothing installed" settings the suite uses
/// (<see cref="AppHostConsoleTests.NothingInstalled"/>, DeleteFlowApp's defaults) start no data node even with the
/// from-source chmpx and k2hdkc first on PATH — while the same run without the pinned bin folder does start them,
/// which is what made such tests time out once chmpx appeared on PATH.
/// </summary>
public class PathIndependenceTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithChmpxAndK2hdkcOnPATHThePinnedSettingsStartNoDataNodeAndTheUnpinnedRunDoes()
    {
        var upstream = UpstreamBuild.Require();
        var path = new Dictionary<string, string> { ["PATH"] = $"{upstream.BinDir}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}" };
        string[] ports = ["--K2hr3:Dkc:BasePort=24420", "--K2hr3:Dkc:SlaveControlPort=24431", "--K2hr3:Dkc:Group=K2HR3PATHTEST", "--K2hr3:Dkc:Storage=memory", "--K2hr3:Api:Port=24480", "--K2hr3:App:Port=24481"];

        using (var pinned = new TempDirectory())
        await using (var appHost = await AppHostProcess.StartAsync(24490, [.. AppHostConsoleTests.NothingInstalled(pinned), .. ports], path))
        {
            // Long enough for the data nodes' chmpx to have started had they been picked up from PATH (a second or two).
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.DoesNotContain(NoLeftoverProcessTests.ProcessesMarkedBy([pinned.Path]), IsDataTier);
            await appHost.StopAsync();
        }

        // The control: the same run, only the bin folder not pinned — PATH decides, and the data tier starts.
        using var unpinned = new TempDirectory();
        var arguments = AppHostConsoleTests.NothingInstalled(unpinned).Where(a => !a.StartsWith("--K2hr3:Dkc:BinDir=", StringComparison.Ordinal));
        // Only the processes matter here, not the data nodes' joins (which under load can take the start wait's minutes).
        await using (var appHost = await AppHostProcess.StartAsync(24493, [.. arguments, .. ports], path, AppHostProcess.Starting))
        {
            await Eventually.WaitUntilAsync(
                () => NoLeftoverProcessTests.ProcessesMarkedBy([unpinned.Path]).Any(IsDataTier),
                Settle,
                "chmpx from PATH to start when the bin folder is not pinned",
                TimeSpan.FromSeconds(1));
            await appHost.StopAsync();
        }

        await Eventually.WaitUntilAsync(() => !NoLeftoverProcessTests.ProcessesMarkedBy([unpinned.Path]).Any(IsDataTier), Settle, "the control run's data tier to exit", TimeSpan.FromSeconds(1));
    }

    /// <summary>"pid: program args": the program is chmpx or k2hdkc (the AppHost's own command line names the folder too).</summary>
    private static bool IsDataTier(string process)
        => Path.GetFileName(process.Split(' ', 3)[1]) is "chmpx" or "k2hdkc";
}
