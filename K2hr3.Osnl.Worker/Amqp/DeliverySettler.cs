using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// Carries out an <see cref="AmqpAction"/> on the delivery's own channel. Republishing (retry / dead-letter) uses
/// publisher confirms and happens BEFORE the ack, so a crash in between duplicates a message rather than losing it.
/// </summary>
public sealed partial class DeliverySettler(TopologyPlan plan, string sourceName, TimeSpan redeliveryDelay, TimeProvider timeProvider, ILogger<DeliverySettler> logger)
{
    /// <summary>Returns false when the message could not be settled as decided (it is then left to the broker).</summary>
    public async Task<bool> SettleAsync(Delivery delivery, AmqpAction action, ProcessingResult result, int redeliveries, CancellationToken cancellationToken)
    {
        var channel = delivery.Channel;
        try
        {
            switch (action)
            {
                case AmqpAction.Ack:
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
                    return true;
                case AmqpAction.Reject:
                    await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, CancellationToken.None).ConfigureAwait(false);
                    return true;
                case AmqpAction.RetryLater:
                    return await RepublishThenAckAsync(
                        delivery,
                        plan.RetryQueue.Name,
                        new Dictionary<string, object?> { [MessageHeaders.Redeliveries] = redeliveries + 1 },
                        cancellationToken).ConfigureAwait(false);
                case AmqpAction.DeadLetter:
                    return await RepublishThenAckAsync(
                        delivery,
                        plan.DeadLetterQueue.Name,
                        new Dictionary<string, object?>
                        {
                            [MessageHeaders.Redeliveries] = redeliveries,
                            [MessageHeaders.LastError] = result.Detail ?? result.OutcomeName,
                            [MessageHeaders.Source] = sourceName,
                        },
                        cancellationToken).ConfigureAwait(false);
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // The channel is gone (connection lost or shutting down): the broker redelivers the unsettled message.
            LogChannelGone(delivery.DeliveryTag, OutcomePolicy.NameOf(action), exception.Message);
            return false;
        }
    }

    private async Task<bool> RepublishThenAckAsync(Delivery delivery, string queue, IReadOnlyDictionary<string, object?> headers, CancellationToken cancellationToken)
    {
        var channel = delivery.Channel;
        var properties = MessageHeaders.CopyWith(delivery.Properties, headers);
        try
        {
            // Default exchange, routing key = queue name; mandatory so a missing queue is an error, not a silent drop.
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, delivery.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (PublishException exception)
        {
            // Nacked or unroutable (someone deleted our queue). Never ack what was not stored elsewhere; requeue after
            // the redelivery delay so a persistent problem cannot become a hot loop.
            LogRepublishFailed(queue, exception.IsReturn ? "unroutable (queue missing?)" : "nacked by the broker");
            await Task.Delay(redeliveryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: true, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Could not {Action} delivery {DeliveryTag}: channel closed ({Reason}); the broker will redeliver it")]
    private partial void LogChannelGone(ulong deliveryTag, string action, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Could not move a message to {Queue}: {Reason}; it is requeued after the redelivery delay")]
    private partial void LogRepublishFailed(string queue, string reason);
}
