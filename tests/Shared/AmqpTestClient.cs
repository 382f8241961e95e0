using RabbitMQ.Client;

namespace K2hr3.Tests.Support;

/// <summary>
/// The test's side of the broker: publishes notifications the way OpenStack's oslo.messaging notifier does
/// (osnl-compatibility.md §5.1) and inspects queues. One connection + one channel with publisher confirms.
/// </summary>
public sealed class AmqpTestClient : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AmqpTestClient(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public IChannel Channel => _channel;

    public static async Task<AmqpTestClient> ConnectAsync(RabbitMqBroker broker, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        var connection = await broker.CreateConnectionFactory(virtualHost).CreateConnectionAsync("k2hr3-tests", cancellationToken).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken).ConfigureAwait(false);
        return new AmqpTestClient(connection, channel);
    }

    /// <summary>The AMQP properties of an oslo notifier publish (see <see cref="OsloAmqpProperties.Create"/>).</summary>
    public static BasicProperties OsloProperties(IDictionary<string, object?>? headers = null) => OsloAmqpProperties.Create(headers);

    /// <summary>Publishes like a notifier: exchange = the service's control exchange, routing key <c>&lt;topic&gt;.info</c>.</summary>
    public async Task PublishNotificationAsync(string exchange, string routingKey, string body, IDictionary<string, object?>? headers = null, CancellationToken cancellationToken = default)
        => await PublishAsync(exchange, routingKey, Encoding.UTF8.GetBytes(body), OsloProperties(headers), cancellationToken).ConfigureAwait(false);

    /// <summary>Publishes raw bytes with the given properties and waits for the broker's confirm (mandatory: unroutable = error).</summary>
    public async Task PublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties properties, CancellationToken cancellationToken = default)
        => await _channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, cancellationToken).ConfigureAwait(false);

    /// <summary>Publishes many notifier-style messages, pipelined (<see cref="PipelinedPublisher"/>); returns when all are confirmed.</summary>
    public Task PublishAllAsync(string exchange, string routingKey, IEnumerable<ReadOnlyMemory<byte>> bodies, CancellationToken cancellationToken = default)
        => PipelinedPublisher.PublishAllAsync(_channel, exchange, routingKey, bodies, OsloProperties(), cancellationToken);

    /// <summary>Ready messages in a queue (passive declare: the queue must exist). Unacked messages are not counted.</summary>
    public async Task<uint> ReadyCountAsync(string queue, CancellationToken cancellationToken = default)
        => (await _channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false)).MessageCount;

    /// <summary>Takes one message off a queue (auto-ack), or null when it is empty.</summary>
    public async Task<BasicGetResult?> GetAsync(string queue, CancellationToken cancellationToken = default)
        => await _channel.BasicGetAsync(queue, autoAck: true, cancellationToken).ConfigureAwait(false);

    /// <summary>Waits for a message to arrive in <paramref name="queue"/> and takes it.</summary>
    public async Task<BasicGetResult> WaitForMessageAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        BasicGetResult? result = null;
        await Eventually.WaitUntilAsync(
            async () => (result = await GetAsync(queue, cancellationToken).ConfigureAwait(false)) is not null,
            timeout,
            $"a message in queue {queue}").ConfigureAwait(false);
        return result!;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
