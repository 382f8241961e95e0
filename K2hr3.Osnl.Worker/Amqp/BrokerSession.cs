using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// One connected period: a connection, and per source a channel (publisher confirms for republishing, dispatch
/// concurrency = <c>[worker] concurrency</c>, basic.qos = prefetch) with its topology declared and a consumer.
/// <see cref="Lost"/> completes when anything of it breaks; the owner then disposes it and opens a new one.
/// </summary>
internal sealed class BrokerSession : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly IConnection _connection;
    private readonly BrokerStatus _status;
    private readonly CancellationToken _abortProcessing;
    private readonly List<IChannel> _channels = [];
    private readonly List<(IChannel Channel, string ConsumerTag)> _consumers = [];
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _draining;

    private BrokerSession(IConnection connection, BrokerStatus status, CancellationToken abortProcessing)
    {
        _connection = connection;
        _status = status;
        _abortProcessing = abortProcessing;
    }

    /// <summary>Completes with a reason when the connection, a channel or a consumer is gone.</summary>
    public Task<string> Lost => _lost.Task;

    public static async Task<BrokerSession> OpenAsync(
        BrokerConnector connector,
        IReadOnlyList<DeliveryProcessor> processors,
        BrokerSettings broker,
        ProcessingSettings processing,
        BrokerStatus status,
        CancellationToken abortProcessing,
        CancellationToken cancellationToken)
    {
        var connection = await connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var session = new BrokerSession(connection, status, abortProcessing);
        try
        {
            connection.ConnectionShutdownAsync += session.OnConnectionShutdownAsync;
            status.SetConnected();
            foreach (var processor in processors)
            {
                await session.StartConsumerAsync(processor, broker, processing, cancellationToken).ConfigureAwait(false);
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>basic.cancel for every consumer: no new deliveries; ones already prefetched are left unacked.</summary>
    public async Task StopConsumingAsync()
    {
        _draining = true;
        foreach (var (channel, consumerTag) in _consumers)
        {
            try
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await channel.BasicCancelAsync(consumerTag, noWait: false, timeout.Token).ConfigureAwait(false);
            }
            // Best effort: closing the channel right after cancels the consumer anyway.
            catch (Exception)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _draining = true;
        _connection.ConnectionShutdownAsync -= OnConnectionShutdownAsync;
        foreach (var channel in _channels)
        {
            try
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await channel.CloseAsync(timeout.Token).ConfigureAwait(false);
            }
            // The channel may already be dead with the connection.
            catch (Exception)
            {
            }

            await channel.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _connection.CloseAsync(Constants.ReplySuccess, "k2hr3-osnl closing", CloseTimeout, abort: false, CancellationToken.None).ConfigureAwait(false);
        }
        // Already closed by the broker or the network.
        catch (Exception)
        {
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _status.SetDisconnected(null);
        _lost.TrySetResult("closed");
    }

    private async Task StartConsumerAsync(DeliveryProcessor processor, BrokerSettings broker, ProcessingSettings processing, CancellationToken cancellationToken)
    {
        var dispatchConcurrency = (ushort)Math.Clamp(processing.Concurrency, 1, ushort.MaxValue);
        var channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, consumerDispatchConcurrency: dispatchConcurrency),
            cancellationToken).ConfigureAwait(false);
        _channels.Add(channel);
        var sourceName = processor.Source.Name;
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            if (reason.Initiator != ShutdownInitiator.Application)
            {
                MarkLost($"channel of source {sourceName} closed: {Describe(reason)}");
            }

            return Task.CompletedTask;
        };

        await channel.BasicQosAsync(prefetchSize: 0, broker.PrefetchCount, global: false, cancellationToken).ConfigureAwait(false);
        await TopologyDeclarer.DeclareAsync(channel, processor.Plan, cancellationToken).ConfigureAwait(false);
        var consumer = new SourceConsumer(
            channel,
            delivery => _draining ? Task.CompletedTask : processor.HandleAsync(delivery, _abortProcessing),
            consumerTag =>
            {
                MarkLost($"consumer {consumerTag} of source {sourceName} was cancelled by the broker (queue deleted?)");
                return Task.CompletedTask;
            });
        var tag = await channel.BasicConsumeAsync(
            processor.Plan.Queue.Name,
            autoAck: false,
            consumerTag: string.Empty,
            noLocal: false,
            exclusive: false,
            arguments: null,
            consumer,
            cancellationToken).ConfigureAwait(false);
        _consumers.Add((channel, tag));
        _status.SetConsuming(sourceName, true);
    }

    private Task OnConnectionShutdownAsync(object sender, ShutdownEventArgs reason)
    {
        if (reason.Initiator != ShutdownInitiator.Application)
        {
            MarkLost("connection closed: " + Describe(reason));
        }

        return Task.CompletedTask;
    }

    private void MarkLost(string reason)
    {
        _status.SetDisconnected(reason);
        _lost.TrySetResult(reason);
    }

    private static string Describe(ShutdownEventArgs reason)
        => reason.Exception is { } exception
            ? $"{reason.ReplyCode} {reason.ReplyText} ({exception.Message})"
            : $"{reason.ReplyCode} {reason.ReplyText}";
}
