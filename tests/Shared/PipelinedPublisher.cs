using RabbitMQ.Client;

namespace K2hr3.Tests.Support;

/// <summary>
/// Publishes many messages on a channel with publisher-confirm tracking, keeping a window of them awaiting their
/// confirms instead of one round trip each (thousands of messages in a second, not a minute). Free of xunit: the
/// throughput harness links this file.
/// </summary>
public static class PipelinedPublisher
{
    /// <summary>Enough in flight to keep the broker busy; small enough to bound memory.</summary>
    public const int DefaultWindow = 256;

    /// <summary>Publishes every body (mandatory: unroutable = error) and returns once the broker confirmed all of them.</summary>
    public static async Task PublishAllAsync(
        IChannel channel,
        string exchange,
        string routingKey,
        IEnumerable<ReadOnlyMemory<byte>> bodies,
        BasicProperties properties,
        CancellationToken cancellationToken,
        int window = DefaultWindow)
    {
        var pending = new List<Task>(window);
        foreach (var body in bodies)
        {
            pending.Add(channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, cancellationToken).AsTask());
            if (pending.Count >= window)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }
}
