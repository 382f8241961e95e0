using K2hr3.Osnl.Worker.Configuration.Transport;
using RabbitMQ.Client.Exceptions;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// Keeps every source consuming for the life of the process: connect → declare → consume; on any loss wait
/// (<see cref="ReconnectBackoff"/>) and start over, forever (never exit because the broker went away, like oslo).
/// <para>
/// The one exception: the broker refusing a declaration with 406 PRECONDITION_FAILED (the exchange or queue exists with
/// other durability/arguments) cannot heal by retrying, so it is logged with the fix and the process exits 1, as
/// upstream does (<see cref="FatalStop"/>).
/// </para>
/// <para>
/// Why our own loop instead of RabbitMQ.Client's automatic recovery: recovery does not cover the first connect, and after a recovery the old channel's delivery tags are meaningless, so in-flight
/// messages must not be acked on the recovered channel. A fresh session per connection makes that explicit: each
/// delivery settles on its own channel or is left to the broker to redeliver.
/// </para>
/// <para>
/// Stop (SIGTERM/SIGINT through the host): basic.cancel every consumer, let in-flight messages finish within
/// <c>shutdown_grace_seconds</c>, abort the rest (left unacked → redelivered), close the channels and the connection.
/// </para>
/// </summary>
public sealed partial class BrokerConsumerService(
    BrokerConnector connector,
    SourceProcessors sources,
    OsnlSettings settings,
    BrokerStatus status,
    InFlightTracker inFlight,
    TimeProvider timeProvider,
    FatalStop fatalStop,
    ILogger<BrokerConsumerService> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abortProcessing = new();

    public override void Dispose()
    {
        _abortProcessing.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting (health endpoint) while we connect
        status.Expect(sources.Processors.Select(processor => processor.Source.Name));
        var backoff = new ReconnectBackoff(settings.Broker);
        while (!stoppingToken.IsCancellationRequested)
        {
            BrokerSession? session = null;
            try
            {
                session = await BrokerSession.OpenAsync(
                    connector, sources.Processors, settings.Broker, settings.Processing, status, _abortProcessing.Token, stoppingToken).ConfigureAwait(false);
                backoff.Reset();
                LogStarting(settings.Broker.Redacted, string.Join(", ", sources.Processors.Select(processor => processor.Plan.Queue.Name)));
                var reason = await session.Lost.WaitAsync(stoppingToken).ConfigureAwait(false);
                LogSessionLost(reason);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                if (session is not null)
                {
                    await DrainAsync(session).ConfigureAwait(false);
                }
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 406)
            {
                var brokerText = exception.ShutdownReason.ReplyText;
                status.SetDisconnected(brokerText);
                LogDeclarationConflict(brokerText);
                fatalStop.Stop(1, $"the broker refused a declaration: {brokerText}; {TransportQueryOptions.DurableQueuesMismatchHint}");
                break;
            }
            // Anything the broker or the network throws means: wait, then reconnect.
            catch (Exception exception)
            {
                var reason = BrokerConnector.Describe(exception);
                status.SetDisconnected(reason);
                LogBrokerFailure(reason);
            }
            finally
            {
                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var delay = backoff.Next();
            LogReconnecting(delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Deliveries of an earlier, lost session cannot be settled any more: stop their API calls.
        await _abortProcessing.CancelAsync().ConfigureAwait(false);
        LogStopped();
    }

    private async Task DrainAsync(BrokerSession session)
    {
        var grace = settings.Processing.ShutdownGrace;
        LogStopping(inFlight.Count, grace.TotalSeconds);
        await session.StopConsumingAsync().ConfigureAwait(false);
        if (!await inFlight.WaitIdleAsync(grace).ConfigureAwait(false))
        {
            LogGraceExceeded(inFlight.Count);
            await _abortProcessing.CancelAsync().ConfigureAwait(false);

            // Aborted handlers return at once (they only need to notice the cancellation).
            await inFlight.WaitIdleAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Starting: consuming {Queues} on {Broker}")]
    private partial void LogStarting(string broker, string queues);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Lost the broker session: {Reason}")]
    private partial void LogSessionLost(string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "The broker refused a declaration: {BrokerText}; " + TransportQueryOptions.DurableQueuesMismatchHint + ". Retrying cannot fix this: stopping (exit 1)")]
    private partial void LogDeclarationConflict(string brokerText);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Broker connection failed: {Reason}")]
    private partial void LogBrokerFailure(string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Reconnecting to the broker in {DelaySeconds} s")]
    private partial void LogReconnecting(double delaySeconds);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "Stopping: cancelled the consumers, waiting up to {GraceSeconds} s for {InFlight} message(s) in flight")]
    private partial void LogStopping(int inFlight, double graceSeconds);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "Shutdown grace exceeded: {InFlight} message(s) left unacked for redelivery")]
    private partial void LogGraceExceeded(int inFlight);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "Stopped")]
    private partial void LogStopped();
}
