using RabbitMQ.Client;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// One delivered message and the channel it must be settled on (delivery tags are per channel: after a reconnect an
/// old delivery can only be left to the broker, which redelivers it). <see cref="Body"/> is valid until the consumer
/// callback returns, which is after settlement.
/// </summary>
public sealed record Delivery(
    IChannel Channel,
    ulong DeliveryTag,
    bool Redelivered,
    string Exchange,
    string RoutingKey,
    IReadOnlyBasicProperties Properties,
    ReadOnlyMemory<byte> Body);
