using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>AMQP header handling: our redelivery bookkeeping and W3C trace context from the publisher.</summary>
public static class MessageHeaders
{
    /// <summary>How often the message went through the retry queue.</summary>
    public const string Redeliveries = "x-k2hr3-redeliveries";

    /// <summary>On parked messages: the last failure (API result; never payload contents).</summary>
    public const string LastError = "x-k2hr3-last-error";

    /// <summary>On parked messages: the source (config name) that gave up on it.</summary>
    public const string Source = "x-k2hr3-source";

    /// <summary>The redelivery count of a delivered message; 0 when absent or unreadable.</summary>
    public static int ReadRedeliveries(IReadOnlyBasicProperties properties)
    {
        if (properties.Headers is null || !properties.Headers.TryGetValue(Redeliveries, out var value))
        {
            return 0;
        }

        return value switch
        {
            int number => Math.Max(0, number),
            long number => (int)Math.Clamp(number, 0, int.MaxValue),
            short number => Math.Max((short)0, number),
            byte number => number,
            sbyte number => Math.Max((sbyte)0, number),
            uint number => (int)Math.Min(number, int.MaxValue),
            byte[] text when int.TryParse(Encoding.UTF8.GetString(text), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
    }

    /// <summary>A copy of the delivered properties (persistence, content type/encoding, ids kept) with header changes.</summary>
    public static BasicProperties CopyWith(IReadOnlyBasicProperties properties, IReadOnlyDictionary<string, object?> headerChanges)
    {
        var copy = new BasicProperties(properties);
        var headers = properties.Headers is null
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            : new Dictionary<string, object?>(properties.Headers, StringComparer.Ordinal);
        foreach (var (name, value) in headerChanges)
        {
            headers[name] = value;
        }

        copy.Headers = headers;
        return copy;
    }

    /// <summary>The publisher's trace context from <c>traceparent</c>/<c>tracestate</c> headers, or default (new trace).</summary>
    public static ActivityContext ExtractTraceParent(IReadOnlyBasicProperties properties)
    {
        var headers = properties.Headers;
        if (headers is null)
        {
            return default;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            headers,
            static (carrier, name, out value, out values) =>
            {
                values = null;
                value = ((IDictionary<string, object?>)carrier!).TryGetValue(name, out var raw) ? AsString(raw) : null;
            },
            out var traceParent,
            out var traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    private static string? AsString(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    };
}
