using System.Diagnostics;
using System.Globalization;
using K2hr3.Tests.Support;

namespace K2hr3.Throughput;

/// <summary>
/// One harness run: a private RabbitMQ node and a 204 sink on 127.0.0.1; for each contender — the bare consumer
/// (ceiling), the worker (<c>dotnet k2hr3-osnl.dll -c &lt;conf&gt;</c>), every <c>--listener</c> command — a freshly
/// filled queue of W warm-up + N timed distinct notifications, drained, the last N timed; R rounds, interleaved.
/// Prints the table of median rounds; exit code 0 only when every run is valid (the performance target itself is
/// reported, not enforced: it depends on the machine).
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

        if (!File.Exists(ListenerConfiguration.UpstreamSample))
        {
            await Console.Error.WriteLineAsync($"{ListenerConfiguration.UpstreamSample} not found: it is part of the repository (testdata/config/); run from a complete checkout");
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

            // Each contender is a fresh process (or consumer) on a freshly filled queue; rounds interleave them so a
            // change of load during the run affects every contender alike.
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            Func<QueueBatch, Task<Measurement>> Listener(string label, Func<ListenerProcess> start)
                => batch => ListenerRun.RunAsync(label, start, sink, broker, batch, options.ListenerTimeout, cancellationToken);

            var contenders = new List<Func<QueueBatch, Task<Measurement>>>
            {
                batch => BareConsumer.RunAsync(broker, batch, options.ListenerTimeout, cancellationToken),
            };
            if (options.WorkerAssembly is { } workerAssembly)
            {
                contenders.Add(Listener(ResultTable.WorkerLabel, () => ListenerProcess.Start(dotnet, [workerAssembly, "-c", conf])));
            }

            foreach (var commandLine in options.Listeners)
            {
                var resolved = commandLine.Replace("{conf}", conf, StringComparison.Ordinal);
                contenders.Add(Listener(commandLine, () => ListenerProcess.StartCommandLine(resolved)));
            }

            var rounds = contenders.Select(_ => new List<Measurement>()).ToList();
            for (var round = 1; round <= options.Rounds; round++)
            {
                for (var index = 0; index < contenders.Count; index++)
                {
                    var batch = await FillAsync(broker, options.Warmup, options.Messages, output, cancellationToken);
                    rounds[index].Add(Report(output, round, options.Rounds, await contenders[index](batch)));
                }
            }

            var medians = rounds.Select(Measurement.MedianOf).ToList();
            var ceiling = medians[0];
            var listeners = medians.Skip(1).ToList();
            var table = new ResultTable(ceiling, listeners, machine, loadAtStart, MachineInfo.LoadAverage(), measuredAt, options.Arguments)
            {
                Warmup = options.Warmup,
                Rounds = options.Rounds,
            };
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

    private static async Task<QueueBatch> FillAsync(RabbitMqBroker broker, int warmup, int messages, TextWriter output, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var batch = await NeutronQueue.FillAsync(broker, warmup, messages, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled {NeutronQueue.Name} with {warmup:N0} warm-up + {messages:N0} timed notifications in {elapsed.Elapsed.TotalSeconds:0.0} s"));
        return batch;
    }

    private static Measurement Report(TextWriter output, int round, int rounds, Measurement measurement)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"round {round}/{rounds}, {measurement.Listener}: {measurement.Handled:N0} of {measurement.Expected:N0} in {measurement.Window.TotalSeconds:0.00} s = {measurement.MessagesPerSecond:N0}/s, {measurement.CpuMicrosecondsPerMessage:0} µs CPU per message{(measurement.Startup is { } startup ? $", first request {startup.TotalSeconds:0.0} s after start" : string.Empty)}{(measurement.Problem is null ? string.Empty : " — " + measurement.Problem)}"));
        return measurement;
    }
}
