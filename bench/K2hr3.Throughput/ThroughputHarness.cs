using System.Diagnostics;
using System.Globalization;
using K2hr3.Tests.Support;

namespace K2hr3.Throughput;

/// <summary>
/// One harness run: a private RabbitMQ node and a 204 sink on 127.0.0.1; for each contender — the bare consumer
/// (ceiling), the worker (<c>dotnet k2hr3-osnl.dll -c &lt;conf&gt;</c>), every <c>--listener</c> command — a freshly
/// filled queue of N distinct notifications, drained and timed. Prints the table; exit code 0 only when every run is
/// valid (the performance target itself is reported, not enforced: it depends on the machine).
/// </summary>
internal static class ThroughputHarness
{
    public static async Task<int> RunAsync(HarnessOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (RabbitMqBroker.UnavailableReason is { } reason)
        {
            await Console.Error.WriteLineAsync(reason);
            return 1;
        }

        if (options.WorkerAssembly is { } worker && !File.Exists(worker))
        {
            await Console.Error.WriteLineAsync($"{worker} not found: build with `dotnet build -c Release bench/K2hr3.Throughput` or pass --worker");
            return 1;
        }

        var loadAtStart = MachineInfo.LoadAverage();
        var measuredAt = DateTimeOffset.UtcNow;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {loadAtStart:0.00}; starting a private RabbitMQ node and the 204 sink"));
        await using var broker = await RabbitMqBroker.StartNewAsync(cancellationToken);
        await using var sink = await DeleteSink.StartAsync(cancellationToken);
        var directory = Directory.CreateTempSubdirectory("k2hr3-throughput-");
        try
        {
            var conf = ListenerConfiguration.Write(directory.FullName, broker, sink.RoleUri);
            var machine = MachineInfo.Describe(await BareConsumer.BrokerVersionAsync(broker, cancellationToken));

            await FillAsync(broker, options.Messages, output, cancellationToken);
            var ceiling = Report(output, await BareConsumer.RunAsync(broker, options.Messages, options.ListenerTimeout, cancellationToken));

            var listeners = new List<Measurement>();
            if (options.WorkerAssembly is { } workerAssembly)
            {
                var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
                await FillAsync(broker, options.Messages, output, cancellationToken);
                listeners.Add(Report(output, await ListenerRun.RunAsync(
                    ResultTable.WorkerLabel,
                    () => ListenerProcess.Start(dotnet, [workerAssembly, "-c", conf]),
                    sink,
                    broker,
                    options.Messages,
                    options.ListenerTimeout,
                    cancellationToken)));
            }

            foreach (var commandLine in options.Listeners)
            {
                var resolved = commandLine.Replace("{conf}", conf, StringComparison.Ordinal);
                await FillAsync(broker, options.Messages, output, cancellationToken);
                listeners.Add(Report(output, await ListenerRun.RunAsync(
                    commandLine,
                    () => ListenerProcess.StartCommandLine(resolved),
                    sink,
                    broker,
                    options.Messages,
                    options.ListenerTimeout,
                    cancellationToken)));
            }

            var table = new ResultTable(ceiling, listeners, machine, loadAtStart, MachineInfo.LoadAverage(), measuredAt, options.Arguments);
            output.WriteLine();
            output.Write(table.ToConsoleText());
            if (options.MarkdownFile is { } markdownFile)
            {
                await File.WriteAllTextAsync(markdownFile, table.ToMarkdown(), cancellationToken);
                output.WriteLine($"wrote {markdownFile}");
            }

            return listeners.Prepend(ceiling).All(row => row.IsComplete) ? 0 : 1;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task FillAsync(RabbitMqBroker broker, int messages, TextWriter output, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        await NeutronQueue.FillAsync(broker, messages, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled {NeutronQueue.Name} with {messages:N0} notifications in {elapsed.Elapsed.TotalSeconds:0.0} s"));
    }

    private static Measurement Report(TextWriter output, Measurement measurement)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{measurement.Listener}: {measurement.Handled:N0} of {measurement.Expected:N0} in {measurement.Window.TotalSeconds:0.00} s = {measurement.MessagesPerSecond:N0}/s, {measurement.CpuMicrosecondsPerMessage:0} µs CPU per message{(measurement.Startup is { } startup ? $", first request {startup.TotalSeconds:0.0} s after start" : string.Empty)}{(measurement.Problem is null ? string.Empty : " — " + measurement.Problem)}"));
        return measurement;
    }
}
