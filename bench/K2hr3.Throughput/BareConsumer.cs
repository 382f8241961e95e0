using System.Diagnostics;
using K2hr3.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace K2hr3.Throughput;

/// <summary>
/// The ceiling: the same broker and queue drained by a consumer that does nothing but ack each message (one
/// <c>basic.ack</c> per delivery, like the worker), with the worker's prefetch. After the warm-up deliveries (the first
/// ones: one consumer on a FIFO queue), measured from the first timed delivery to the last ack.
/// </summary>
internal static class BareConsumer
{
    public const string Label = "bare consumer (consume + ack, no work)";

    /// <summary>The worker's prefetch when transport_url does not set <c>rabbit_qos_prefetch_count</c>.</summary>
    public const ushort Prefetch = 64;

    public static async Task<Measurement> RunAsync(RabbitMqBroker broker, QueueBatch batch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var warmup = batch.Warmup;
        var expected = batch.Timed;
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync("k2hr3-throughput-bare", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(prefetchSize: 0, Prefetch, global: false, cancellationToken);

        using var self = Process.GetCurrentProcess();
        var cpuAtFirstDelivery = TimeSpan.Zero;
        long first = 0;
        long last = 0;
        var delivered = 0;
        var acked = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            if (++delivered == warmup + 1)
            {
                first = Stopwatch.GetTimestamp();
                self.Refresh();
                cpuAtFirstDelivery = self.TotalProcessorTime;
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            if (++acked == warmup + expected)
            {
                last = Stopwatch.GetTimestamp();
                done.TrySetResult();
            }
        };

        // Deliveries are dispatched one at a time (the channel's default concurrency), so the counters need no locks.
        var tag = await channel.BasicConsumeAsync(NeutronQueue.Name, autoAck: false, consumer, cancellationToken);
        string? problem = null;
        try
        {
            await done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            problem = $"only {Volatile.Read(ref acked)} of {warmup + expected} (warm-up included) acked within {timeout.TotalSeconds:0} s";
        }

        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuAtFirstDelivery;
        await channel.BasicCancelAsync(tag, cancellationToken: cancellationToken);
        var window = last != 0 ? Stopwatch.GetElapsedTime(first, last) : TimeSpan.Zero;
        // The harness process's CPU: the consumer, plus the idle sink and polling (negligible).
        return new Measurement(Label, expected, Math.Max(0, Volatile.Read(ref acked) - warmup), window, null, problem) { CpuTime = first == 0 ? null : cpu };
    }

    /// <summary>The broker's version as it announces itself in <c>connection.start</c>.</summary>
    public static async Task<string> BrokerVersionAsync(RabbitMqBroker broker, CancellationToken cancellationToken)
    {
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync("k2hr3-throughput-version", cancellationToken);
        return connection.ServerProperties is { } properties && properties.TryGetValue("version", out var version) && version is byte[] bytes
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : "unknown";
    }
}
