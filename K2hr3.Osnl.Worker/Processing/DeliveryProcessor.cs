using System.Diagnostics;

namespace K2hr3.Osnl.Worker.Processing;

/// <summary>
/// Handles one delivery of one source end to end: consumer span, pipeline, <see cref="OutcomePolicy"/>, settlement,
/// metrics and exactly one log line for a message that needs attention (never its payload or context: the context
/// carries the caller's auth_token).
/// </summary>
public sealed partial class DeliveryProcessor(
    SourceSettings source,
    TopologyPlan plan,
    NotificationPipeline pipeline,
    DeliverySettler settler,
    ApiSettings api,
    ProcessingSettings processing,
    InFlightTracker inFlight,
    OsnlMetrics metrics,
    ILogger<DeliveryProcessor> logger)
{
    public SourceSettings Source => source;

    public TopologyPlan Plan => plan;

    /// <summary>Processes and settles one delivery. <paramref name="abort"/> fires when the shutdown grace is over.</summary>
    public async Task HandleAsync(Delivery delivery, CancellationToken abort)
    {
        using var inFlightScope = inFlight.Enter();
        using var activity = StartActivity(delivery);
        ProcessingResult result;
        try
        {
            result = await pipeline.ProcessAsync(delivery.Body, delivery.Properties.ContentType, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Shutdown grace exhausted: leave it unacked, the broker redelivers it to the next consumer.
            LogAbandonedAtShutdown(source.Name, delivery.DeliveryTag);
            activity?.SetStatus(ActivityStatusCode.Error, "abandoned at shutdown");
            return;
        }
        // A bug in a step must not kill the consumer or loop the message: reject it once.
        catch (Exception exception)
        {
            LogUnexpectedFailure(exception, source.Name, delivery.DeliveryTag);
            result = new ProcessingResult(MessageOutcome.Malformed, "unexpected " + exception.GetType().Name);
        }

        var redeliveries = MessageHeaders.ReadRedeliveries(delivery.Properties);
        var action = OutcomePolicy.Decide(result.Outcome, redeliveries, api.RequeueOnError, source.AllowRequeue, processing.MaxRedeliveries);
        var settled = await settler.SettleAsync(delivery, action, result, redeliveries, abort).ConfigureAwait(false);
        if (settled && action is AmqpAction.Ack or AmqpAction.DeadLetter)
        {
            // oslo remembers the ids of acked messages only; one sent to the retry queue must come back as new.
            pipeline.Acked(result);
        }

        var outcome = result.OutcomeName;
        var actionName = OutcomePolicy.NameOf(action);
        if (activity is { IsAllDataRequested: true }) // not for propagation-only activities (no exporter)
        {
            activity.SetTag(OsnlTelemetry.Tags.Outcome, outcome);
            activity.SetTag(OsnlTelemetry.Tags.Action, actionName);
            activity.SetTag(OsnlTelemetry.Tags.Redeliveries, redeliveries);
            activity.SetTag(OsnlTelemetry.Tags.MessagingMessageId, result.MessageId);
            if (result.Cuk is not null)
            {
                activity.SetTag(OsnlTelemetry.Tags.Cuk, result.Cuk);
            }

            if (result.Outcome is MessageOutcome.ApiFailed or MessageOutcome.Malformed)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Detail);
            }
        }

        if (!settled)
        {
            return;
        }

        metrics.RecordSettled(source.Name, outcome, actionName);
        switch (action)
        {
            case AmqpAction.RetryLater:
                metrics.Redeliveries.Add(1, new TagList { { OsnlTelemetry.Tags.Source, source.Name } });
                break;
            case AmqpAction.DeadLetter:
                metrics.DeadLetters.Add(1, new TagList { { OsnlTelemetry.Tags.Source, source.Name } });
                break;
        }

        LogOutcome(result, action, redeliveries);
    }

    private Activity? StartActivity(Delivery delivery)
    {
        var parent = MessageHeaders.ExtractTraceParent(delivery.Properties);
        var activity = OsnlTelemetry.ActivitySource.StartActivity($"process {plan.Queue.Name}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OsnlTelemetry.Tags.MessagingSystem, "rabbitmq");
            activity.SetTag(OsnlTelemetry.Tags.MessagingOperationType, "process");
            activity.SetTag(OsnlTelemetry.Tags.MessagingOperationName, "deliver");
            activity.SetTag(OsnlTelemetry.Tags.MessagingDestination, delivery.Exchange);
            activity.SetTag(OsnlTelemetry.Tags.MessagingRoutingKey, delivery.RoutingKey);
            activity.SetTag(OsnlTelemetry.Tags.MessagingConsumerGroup, plan.Queue.Name);
            activity.SetTag(OsnlTelemetry.Tags.MessagingDeliveryTag, (long)delivery.DeliveryTag);
            activity.SetTag(OsnlTelemetry.Tags.MessagingBodySize, delivery.Body.Length);
            activity.SetTag(OsnlTelemetry.Tags.Source, source.Name);
        }

        return activity;
    }

    private void LogOutcome(ProcessingResult result, AmqpAction action, int redeliveries)
    {
        var messageId = result.MessageId ?? "(none)";
        switch (result.Outcome)
        {
            case MessageOutcome.Deleted:
                // The trace id lets an operator find the message's trace (publish → consume → DELETE) from the log line.
                LogDeleted(result.Cuk, source.Name, Activity.Current?.TraceId.ToHexString() ?? "-", result.Api?.StatusCode, result.Api?.Attempts ?? 0);
                break;
            case MessageOutcome.FilteredOut or MessageOutcome.NotInfoPriority:
                // Normal traffic on a shared exchange: upstream logs nothing either.
                LogIgnored(messageId, source.Name, result.OutcomeName);
                break;
            case MessageOutcome.ApiFailed when action == AmqpAction.RetryLater:
                LogRedeliveryScheduled(result.Cuk, source.Name, result.Detail, redeliveries + 1, processing.MaxRedeliveries, processing.RedeliveryDelay.TotalSeconds);
                break;
            case MessageOutcome.ApiFailed when action == AmqpAction.DeadLetter:
                LogDeadLettered(result.Cuk, source.Name, result.Detail, redeliveries, plan.DeadLetterQueue.Name);
                break;
            case MessageOutcome.ApiFailed:
                LogFailedAndAcked(result.Cuk, source.Name, result.Detail, api.RequeueOnError, source.AllowRequeue);
                break;
            case MessageOutcome.InvalidTarget:
                // DHCP/router/load-balancer ports and the like: one line, no call, acked (upstream logs and acks too).
                LogNotAVm(messageId, source.Name, result.OutcomeName, result.Detail);
                break;
            case MessageOutcome.Malformed:
                LogRejected(messageId, source.Name, result.OutcomeName, result.Detail);
                break;
            default:
                LogAckedWithoutCall(messageId, source.Name, result.OutcomeName, result.Detail);
                break;
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Deleted {Cuk} (source {Source}, trace {TraceId}): HTTP {StatusCode} after {Attempts} attempt(s)")]
    private partial void LogDeleted(string? cuk, string source, string traceId, int? statusCode, int attempts);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "Ignored message {MessageId} (source {Source}): {Outcome}")]
    private partial void LogIgnored(string messageId, string source, string outcome);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Acked message {MessageId} (source {Source}) without a K2HR3 call: {Outcome} ({Detail})")]
    private partial void LogAckedWithoutCall(string messageId, string source, string outcome, string? detail);

    [LoggerMessage(EventId = 409, Level = LogLevel.Information, Message = "Acked message {MessageId} (source {Source}) without a K2HR3 call: not a VM, {Outcome} ({Detail})")]
    private partial void LogNotAVm(string messageId, string source, string outcome, string? detail);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Rejected message {MessageId} (source {Source}) without requeue: {Outcome} ({Detail})")]
    private partial void LogRejected(string messageId, string source, string outcome, string? detail);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning,
        Message = "K2HR3 call for {Cuk} (source {Source}) failed: {Detail}; redelivery {Redelivery} of {MaxRedeliveries} in {DelaySeconds} s")]
    private partial void LogRedeliveryScheduled(string? cuk, string source, string? detail, int redelivery, int maxRedeliveries, double delaySeconds);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error,
        Message = "K2HR3 call for {Cuk} (source {Source}) failed: {Detail}; parked in {DeadLetterQueue} after {Redeliveries} redeliveries")]
    private partial void LogDeadLettered(string? cuk, string source, string? detail, int redeliveries, string deadLetterQueue);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error,
        Message = "K2HR3 call for {Cuk} (source {Source}) failed: {Detail}; acked anyway (requeue_on_error={RequeueOnError}, allow_requeue={AllowRequeue})")]
    private partial void LogFailedAndAcked(string? cuk, string source, string? detail, bool requeueOnError, bool allowRequeue);

    [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "Stopping: delivery {DeliveryTag} of source {Source} left unacked for redelivery (shutdown grace exhausted)")]
    private partial void LogAbandonedAtShutdown(string source, ulong deliveryTag);

    [LoggerMessage(EventId = 408, Level = LogLevel.Error, Message = "Unexpected failure processing delivery {DeliveryTag} of source {Source}; rejecting it")]
    private partial void LogUnexpectedFailure(Exception exception, string source, ulong deliveryTag);
}
