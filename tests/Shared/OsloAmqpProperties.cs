using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;

namespace K2hr3.Tests.Support;

/// <summary>
/// The AMQP properties of an oslo notifier publish (osnl-compatibility.md §5.1). Free of xunit: the throughput harness links this file.
/// </summary>
public static class OsloAmqpProperties
{
    /// <summary>The application header a traced publisher adds: W3C <c>traceparent</c>, as bytes (how AMQP carries it).</summary>
    public static Dictionary<string, object?> TraceParent(ActivityTraceId traceId, ActivitySpanId parentSpanId)
        => new() { ["traceparent"] = Encoding.UTF8.GetBytes($"00-{traceId}-{parentSpanId}-01") };

    /// <summary>
    /// <c>application/json</c>, <c>utf-8</c>, persistent, priority 0, empty application headers (plus
    /// <paramref name="headers"/>, e.g. a W3C <c>traceparent</c>).
    /// </summary>
    public static BasicProperties Create(IDictionary<string, object?>? headers = null) => new()
    {
        ContentType = OsloEnvelope.ContentType,
        ContentEncoding = OsloEnvelope.ContentEncoding,
        DeliveryMode = DeliveryModes.Persistent,
        Priority = 0,
        Headers = headers ?? new Dictionary<string, object?>(),
    };
}
