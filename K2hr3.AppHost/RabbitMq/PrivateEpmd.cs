namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// The Erlang port mapper of the private broker. Erlang starts it as a daemon (<c>epmd -daemon</c>) that outlives the
/// node, so it would keep running after the AppHost stops; on its own port (<see cref="RabbitMqProcessSettings.EpmdPort"/>,
/// not the system's 4369) it is unmistakably ours and is stopped once the broker has stopped — unless it already ran
/// before the broker started (then it is someone else's, e.g. a previous AppHost's that is still running).
/// </summary>
internal sealed partial class PrivateEpmd(RabbitMqProcessSettings settings, ILogger logger)
{
    /// <summary>Debian's erlang-base; a plain <c>epmd</c> (PATH) elsewhere.</summary>
    public const string DebianPath = "/usr/bin/epmd";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NodeExitWait = TimeSpan.FromSeconds(20);
    private int _ranBefore = -1;

    private static string Program => File.Exists(DebianPath) ? DebianPath : "epmd";

    private string Port => settings.EpmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Called before the broker starts: remembers whether an epmd already answers on the port.</summary>
    public async Task RecordBeforeStartAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ranBefore) < 0)
        {
            var names = await ProcessRunner.RunAsync(Program, ["-port", Port, "-names"], CommandTimeout, cancellationToken).ConfigureAwait(false);
            Interlocked.CompareExchange(ref _ranBefore, names.Succeeded ? 1 : 0, -1);
        }
    }

    /// <summary>
    /// Called once the broker has stopped: kills our epmd. epmd refuses while a node is still registered, so this
    /// retries until the node has gone (at most <see cref="NodeExitWait"/>).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ranBefore) != 0)
        {
            return; // never started by us, or it was there before
        }

        var deadline = DateTime.UtcNow + NodeExitWait;
        while (true)
        {
            var kill = await ProcessRunner.RunAsync(Program, ["-port", Port, "-kill"], CommandTimeout, cancellationToken).ConfigureAwait(false);
            var output = kill.StandardOutput + kill.StandardError;
            if (output.Contains("Killed", StringComparison.Ordinal))
            {
                LogStopped(logger, settings.EpmdPort);
                return;
            }

            if (!output.Contains("living nodes", StringComparison.Ordinal) || DateTime.UtcNow >= deadline)
            {
                // Not running any more (nothing to do), or the node never left: say so rather than wait forever.
                if (output.Contains("living nodes", StringComparison.Ordinal))
                {
                    LogLeftRunning(logger, settings.EpmdPort, output.Trim());
                }

                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Stopped the broker's epmd (port {Port}) that Erlang left running")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The broker's epmd (port {Port}) is left running: {Answer}")]
    private static partial void LogLeftRunning(ILogger logger, int port, string answer);
}
