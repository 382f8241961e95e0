using RabbitMQ.Client;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// The AMQP consumer of one source's queue. The client runs up to the channel's ConsumerDispatchConcurrency
/// callbacks at once; each awaits its message's processing and settlement, so prefetch + dispatch concurrency bound
/// the work in flight without a second queue of our own.
/// </summary>
internal sealed class SourceConsumer(IChannel channel, Func<Delivery, Task> onDelivery, Func<string, Task> onCancelledByBroker)
    : AsyncDefaultBasicConsumer(channel)
{
    public override Task HandleBasicDeliverAsync(
        string consumerTag,
        ulong deliveryTag,
        bool redelivered,
        string exchange,
        string routingKey,
        IReadOnlyBasicProperties properties,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default)
        => onDelivery(new Delivery(Channel, deliveryTag, redelivered, exchange, routingKey, properties, body));

    /// <summary>basic.cancel from the broker: the queue was deleted (or the node is going away).</summary>
    public override async Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        await base.HandleBasicCancelAsync(consumerTag, cancellationToken).ConfigureAwait(false);
        await onCancelledByBroker(consumerTag).ConfigureAwait(false);
    }
}
