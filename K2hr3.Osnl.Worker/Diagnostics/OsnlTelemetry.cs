using System.Diagnostics;

namespace K2hr3.Osnl.Worker.Diagnostics;

/// <summary>The worker's ActivitySource and Meter name, registered with AddServiceDefaults so OTLP exports them.</summary>
public static class OsnlTelemetry
{
    public const string Name = "K2hr3.Osnl";

    /// <summary>One consumer span per message (parent = the publisher's W3C <c>traceparent</c> when present).</summary>
    public static readonly ActivitySource ActivitySource = new(Name, typeof(OsnlTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Tag names used on spans and metrics (OpenTelemetry messaging semantic conventions plus our own).</summary>
    public static class Tags
    {
        public const string MessagingSystem = "messaging.system";
        public const string MessagingOperationType = "messaging.operation.type";
        public const string MessagingOperationName = "messaging.operation.name";
        public const string MessagingDestination = "messaging.destination.name";
        public const string MessagingRoutingKey = "messaging.rabbitmq.destination.routing_key";
        public const string MessagingDeliveryTag = "messaging.rabbitmq.message.delivery_tag";
        public const string MessagingMessageId = "messaging.message.id";
        public const string MessagingConsumerGroup = "messaging.consumer.group.name";
        public const string MessagingBodySize = "messaging.message.body.size";
        public const string Source = "k2hr3.osnl.source";
        public const string Cuk = "k2hr3.osnl.cuk";
        public const string Outcome = "k2hr3.osnl.outcome";
        public const string Action = "k2hr3.osnl.action";
        public const string Redeliveries = "k2hr3.osnl.redeliveries";
        public const string ApiAttempts = "k2hr3.osnl.api.attempts";
        public const string ApiErrorKind = "k2hr3.osnl.api.error_kind";
        public const string HttpStatusCode = "http.response.status_code";
    }
}
