using RabbitMQ.Client;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>Declares a <see cref="TopologyPlan"/> on a channel (idempotent; run again after every reconnect).</summary>
public static class TopologyDeclarer
{
    public static async Task DeclareAsync(IChannel channel, TopologyPlan plan, CancellationToken cancellationToken)
    {
        var exchange = plan.Exchange;
        await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, arguments: null, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await DeclareQueueAsync(channel, plan.Queue, cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(plan.Queue.Name, exchange.Name, plan.RoutingKey, arguments: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeclareQueueAsync(channel, plan.RetryQueue, cancellationToken).ConfigureAwait(false);
        await DeclareQueueAsync(channel, plan.DeadLetterQueue, cancellationToken).ConfigureAwait(false);
    }

    private static Task DeclareQueueAsync(IChannel channel, QueueDeclaration queue, CancellationToken cancellationToken)
        => channel.QueueDeclareAsync(
            queue.Name,
            queue.Durable,
            exclusive: false,
            queue.AutoDelete,
            queue.Arguments.Count == 0 ? null : new Dictionary<string, object?>(queue.Arguments),
            cancellationToken: cancellationToken);
}
