namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>An exchange to declare.</summary>
public sealed record ExchangeDeclaration(string Name, string Type, bool Durable, bool AutoDelete);

/// <summary>A queue to declare (arguments exactly as listed: a declaration must match an existing queue).</summary>
public sealed record QueueDeclaration(string Name, bool Durable, bool AutoDelete, IReadOnlyDictionary<string, object?> Arguments);

/// <summary>
/// Everything one source declares. The exchange, queue and binding are exactly what oslo's rabbit driver declares for
/// a notification listener (osnl-compatibility.md §4.1/§4.2), so the worker can share an existing OpenStack deployment's objects;
/// the retry and dead-letter queues are ours (bounded, delayed redelivery instead of upstream's hot requeue loop).
/// </summary>
public sealed record TopologyPlan(
    ExchangeDeclaration Exchange,
    QueueDeclaration Queue,
    string RoutingKey,
    QueueDeclaration RetryQueue,
    QueueDeclaration DeadLetterQueue)
{
    /// <summary>oslo's default control exchange, used when the configured exchange is empty.</summary>
    public const string DefaultControlExchange = "openstack";

    public static TopologyPlan For(SourceSettings source, BrokerSettings broker, ProcessingSettings processing)
    {
        // rabbit_quorum_queue forces durable (quorum queues cannot be transient or auto-delete).
        var durable = broker.Durable || broker.QuorumQueue;
        var autoDelete = broker.AutoDelete && !broker.QuorumQueue;
        var exchangeName = string.IsNullOrEmpty(source.Exchange) ? DefaultControlExchange : source.Exchange;

        var queueArguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (broker.QuorumQueue)
        {
            queueArguments["x-queue-type"] = "quorum";
            if (broker.QuorumDeliveryLimit > 0)
            {
                queueArguments["x-delivery-limit"] = broker.QuorumDeliveryLimit;
            }
        }
        else if (broker.HaQueues)
        {
            queueArguments["x-ha-policy"] = "all";
        }

        var queueName = source.QueueName;

        // Our queues never auto-delete: parked messages must survive until an operator looks at them. They stay classic
        // queues (TTL + dead-lettering work the same on every supported broker version) with the main queue's durability.
        var retryQueue = new QueueDeclaration(
            queueName + processing.RetryQueueSuffix,
            durable,
            AutoDelete: false,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["x-message-ttl"] = (long)Math.Max(0, processing.RedeliveryDelay.TotalMilliseconds),
                ["x-dead-letter-exchange"] = string.Empty,
                ["x-dead-letter-routing-key"] = queueName,
            });
        var deadLetterQueue = new QueueDeclaration(
            queueName + processing.DeadLetterQueueSuffix,
            durable,
            AutoDelete: false,
            new Dictionary<string, object?>(StringComparer.Ordinal));

        return new TopologyPlan(
            new ExchangeDeclaration(exchangeName, "topic", durable, autoDelete),
            new QueueDeclaration(queueName, durable, autoDelete, queueArguments),
            source.RoutingKey,
            retryQueue,
            deadLetterQueue);
    }
}
