using K2hr3.Tests.Support;
using RabbitMQ.Client;

namespace K2hr3.Throughput;

/// <summary>
/// The queue every listener drains: what upstream's neutron sample configuration consumes (exchange <c>neutron</c>,
/// topic <c>notifications</c>, pool <c>k2hr3_osnl</c>), declared exactly as oslo's rabbit driver declares it by
/// default (osnl-compatibility.md §4.1: non-durable topic exchange and queue, no arguments), so any oslo-based listener accepts it.
/// </summary>
internal static class NeutronQueue
{
    public const string Exchange = "neutron";
    public const string Topic = "notifications";
    public const string Name = "k2hr3_osnl";
    public const string RoutingKey = Topic + ".info";

    public static async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Name, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(Name, Exchange, RoutingKey, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Empties the queue and publishes <paramref name="warmup"/> + <paramref name="timed"/> distinct neutron
    /// <c>port.delete.end</c> notifications (oslo v2 envelope, oslo's AMQP properties, a new cuk, message_id and
    /// _unique_id each), warm-up ones first, with publisher confirms. One channel publishes in order and a queue is
    /// FIFO, so the warm-up notifications are delivered first.
    /// </summary>
    public static async Task<QueueBatch> FillAsync(RabbitMqBroker broker, int warmup, int timed, CancellationToken cancellationToken)
    {
        var count = warmup + timed;
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync("k2hr3-throughput-fill", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await DeclareAsync(channel, cancellationToken);
        await channel.QueuePurgeAsync(Name, cancellationToken);

        var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());
        var cuks = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        var bodies = cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk)));
        await PipelinedPublisher.PublishAllAsync(channel, Exchange, RoutingKey, bodies, OsloAmqpProperties.Create(), cancellationToken, window: 500);
        var ready = (await channel.QueueDeclarePassiveAsync(Name, cancellationToken)).MessageCount;
        if (ready != count)
        {
            throw new InvalidOperationException($"queue {Name} holds {ready} messages after publishing {count}");
        }

        return new QueueBatch(cuks.Take(warmup).ToHashSet(StringComparer.Ordinal), timed);
    }
}

/// <summary>What one fill put in the queue: the cuks of the untimed warm-up notifications (delivered first), and how many timed ones follow.</summary>
internal sealed record QueueBatch(IReadOnlySet<string> WarmupCuks, int Timed)
{
    public int Warmup => WarmupCuks.Count;
}
