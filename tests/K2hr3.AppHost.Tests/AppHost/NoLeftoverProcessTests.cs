namespace K2hr3.Tests.AppHost;

/// <summary>
/// The AppHost's processes runtime leaves nothing behind: after a full real-stack run (chmpx and k2hdkc data nodes,
/// the API's chmpx slave, the API and app on node, a private RabbitMQ with its epmd, the listener) has stopped, no
/// process of that run remains — Erlang's <c>epmd -daemon</c>, which outlives the broker on its own, included.
/// A process is "of the run" when its command line or environment names the run's data directory, broker data
/// directory or epmd port (all unique to this test), so processes of tests running alongside are never counted.
/// </summary>
public class NoLeftoverProcessTests
{
    [Fact]
    public async Task AfterTheAppHostStopsNoChmpxK2hdkcNodeBeamEpmdOrListenerProcessOfItsRunRemains()
    {
        var upstream = UpstreamBuild.Require();
        DeleteFlowApp.SkipUnlessBrokerInstalled();
        using var data = new TempDirectory();
        var flow = await DeleteFlowApp.StartAsync(
            TimeSpan.FromMinutes(5),
            upstream.Argument,
            $"--K2hr3:DataDir={data.Path}",
            "--K2hr3:Dkc:BasePort=24120",
            "--K2hr3:Dkc:SlaveControlPort=24131",
            "--K2hr3:Dkc:Group=K2HR3LEFTOVER",
            "--K2hr3:Dkc:Storage=memory",
            "--K2hr3:Api:Port=24180",
            "--K2hr3:App:Port=24181");
        var markers = new[] { data.Path, flow.Broker.DataDirectory, $"ERL_EPMD_PORT={flow.Broker.EpmdPort}", $":{flow.Broker.AmqpPort}/" };
        IReadOnlyList<string> running;
        try
        {
            running = ProcessesMarkedBy(markers);
        }
        finally
        {
            await flow.DisposeAsync();
        }

        // The run really had each kind of process (else "none left" would prove nothing).
        foreach (var program in new[] { "chmpx", "k2hdkc", "node", "beam.smp", "epmd", "k2hr3-osnl" })
        {
            Assert.True(running.Any(p => p.Contains(program, StringComparison.Ordinal)), $"no {program} process seen during the run: {string.Join(" | ", running)}");
        }

        await Eventually.WaitUntilAsync(() => ProcessesMarkedBy(markers).Count == 0, TestConstants.LongTimeout, "every process of the run to exit", TimeSpan.FromSeconds(1));
    }

    /// <summary>"pid: command line" of every process whose command line or environment contains one of <paramref name="markers"/>.</summary>
    internal static List<string> ProcessesMarkedBy(string[] markers)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!pid.All(char.IsAsciiDigit) || pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                continue;
            }

            var commandLine = Read(Path.Combine(directory, "cmdline"));
            if (commandLine.Length == 0 || commandLine.Contains("testhost", StringComparison.Ordinal) || commandLine.Contains("K2hr3.Tests", StringComparison.Ordinal))
            {
                continue; // a kernel thread or zombie, or this test process
            }

            var environment = Read(Path.Combine(directory, "environ"));
            if (markers.Any(marker => commandLine.Contains(marker, StringComparison.Ordinal) || environment.Contains(marker, StringComparison.Ordinal)))
            {
                found.Add($"{pid}: {commandLine}");
            }
        }

        return found;
    }

    private static string Read(string path)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(path)).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty; // exited meanwhile, or not ours to read
        }
    }
}
