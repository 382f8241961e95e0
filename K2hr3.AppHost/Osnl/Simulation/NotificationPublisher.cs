using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using K2hr3.AppHost.RabbitMq;

namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>
/// Publishes a notification the way an OpenStack service does (exchange = the service's control exchange, routing key
/// <c>&lt;topic&gt;.info</c>, oslo's AMQP properties), inside a producer span whose W3C context travels in the
/// <c>traceparent</c> header so the listener's consume span and its DELETE continue the same trace.
/// </summary>
internal static class NotificationPublisher
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Publishes with publisher confirms and <c>mandatory</c>, so "no queue is bound" is an error, not silence.</summary>
    /// <returns>The trace id of the publish span.</returns>
    /// <exception cref="SimulationException">The broker refused or could not route the message.</exception>
    public static async Task<string> PublishAsync(string connectionString, OsnlSource source, OsloNotification notification, CancellationToken cancellationToken)
    {
        // A trace of its own: the command runs inside Aspire's request handling, whose spans the dashboard never sees
        // (the publish would hang off a missing parent). AsyncLocal: the caller's Activity.Current is untouched.
        Activity.Current = null;
        using var activity = SimulationTelemetry.Source.StartActivity($"{source.Exchange} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", source.Exchange);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", source.RoutingKey);
        activity?.SetTag("messaging.message.id", notification.MessageId);
        activity?.SetTag("k2hr3.event_type", notification.EventType);

        var headers = new Dictionary<string, object?>();
        if (activity is not null)
        {
            headers[TraceParentHeader] = activity.Id;
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                headers[TraceStateHeader] = activity.TraceStateString;
            }
        }

        // oslo.messaging's notifier properties (osnl-compatibility.md §5.1); the trace headers ride in application_headers.
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            Priority = 0,
            Headers = headers,
        };

        try
        {
            var address = BrokerAddress.Parse(connectionString);
            await using var connection = await address.CreateConnectionFactory(ConnectTimeout)
                .CreateConnectionAsync(address.Endpoints, "k2hr3-apphost-simulator", cancellationToken).ConfigureAwait(false);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken).ConfigureAwait(false);
            await channel.BasicPublishAsync(source.Exchange, source.RoutingKey, mandatory: true, properties, notification.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (PublishReturnException)
        {
            throw Fail(activity, $"the broker could not route {source.RoutingKey} on exchange '{source.Exchange}': no queue is bound (is osnl running?)");
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            throw Fail(activity, $"exchange '{source.Exchange}' does not exist yet: osnl declares it when it starts consuming");
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or FormatException or PublishException)
        {
            throw Fail(activity, $"publishing to '{source.Exchange}' failed: {ex.GetBaseException().Message}");
        }

        return activity?.TraceId.ToHexString() ?? string.Empty;
    }

    private static SimulationException Fail(Activity? activity, string message)
    {
        activity?.SetStatus(ActivityStatusCode.Error, message);
        return new SimulationException(message);
    }
}
