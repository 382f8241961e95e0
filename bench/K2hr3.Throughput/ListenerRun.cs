using System.Diagnostics;
using K2hr3.Tests.Support;

namespace K2hr3.Throughput;

/// <summary>
/// Times one listener process on the filled queue. It first works through the warm-up notifications untimed; its
/// window then runs from the first to the last request for a timed notification arriving at the sink: the same clock
/// for every listener, whatever its language, and within a millisecond of first delivery and last ack (the sink
/// answers at once). The run only counts when every message reached the sink and the queue is empty afterwards
/// (nothing ready, nothing unacknowledged).
/// </summary>
internal static class ListenerRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    public static async Task<Measurement> RunAsync(
        string label,
        Func<ListenerProcess> start,
        DeleteSink sink,
        RabbitMqBroker broker,
        QueueBatch batch,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var expected = batch.Timed;
        var recording = sink.StartRecording(batch.WarmupCuks);
        await using var listener = start();
        var elapsed = Stopwatch.StartNew();
        TimeSpan? cpuAtFirstRequest = null;
        TimeSpan? startup = null;
        while (recording.DistinctCuks < expected && !listener.HasExited && elapsed.Elapsed < timeout)
        {
            startup ??= recording.AllRequests > 0 ? elapsed.Elapsed : null;

            // Start-up and warm-up are not part of the per-message cost: count CPU from the first timed request on.
            if (cpuAtFirstRequest is null && recording.Requests > 0)
            {
                cpuAtFirstRequest = listener.CpuTime();
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        var cpu = listener.CpuTime() - (cpuAtFirstRequest ?? TimeSpan.Zero);

        // Before stopping: VmHWM is the peak of the whole run so far.
        var peak = listener.PeakResidentBytes();
        string? problem;
        if (listener.HasExited)
        {
            problem = $"exited early; last output:\n{listener.OutputTail}";
        }
        else if (recording.DistinctCuks < expected)
        {
            problem = $"only {recording.DistinctCuks} of {expected} timed notifications (after {recording.AllRequests - recording.Requests} warm-up requests) reached the sink within {timeout.TotalSeconds:0} s; last output:\n{listener.OutputTail}";
        }
        else
        {
            problem = await WaitUntilDrainedAsync(broker, cancellationToken);
        }

        var exitCode = await listener.StopAsync(StopTimeout);
        if (problem is null && exitCode is null)
        {
            problem = $"did not stop within {StopTimeout.TotalSeconds:0} s of SIGTERM";
        }

        return new Measurement(label, expected, recording.DistinctCuks, recording.Window, peak, problem)
        {
            CpuTime = cpuAtFirstRequest is null ? null : cpu,
            Startup = startup,
            Note = recording.Requests > recording.DistinctCuks ? $"{recording.Requests - recording.DistinctCuks} repeated requests" : null,
        };
    }

    /// <summary>Null once the queue has nothing ready and nothing unacknowledged; else what is left.</summary>
    private static async Task<string?> WaitUntilDrainedAsync(RabbitMqBroker broker, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        QueueCounts counts;
        do
        {
            counts = (await broker.ListQueuesAsync("/", cancellationToken))[NeutronQueue.Name];
            if (counts is { Ready: 0, Unacknowledged: 0 })
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        while (elapsed.Elapsed < SettleTimeout);

        return $"queue {NeutronQueue.Name} not empty afterwards: {counts.Ready} ready, {counts.Unacknowledged} unacknowledged";
    }
}
