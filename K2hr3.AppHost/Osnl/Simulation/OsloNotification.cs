using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using K2hr3.Compat;

namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>
/// One notification as oslo.messaging's <c>messagingv2</c> notifier publishes it (osnl-compatibility.md §5.1): the raw message
/// (keys in oslo's order, priority upper-case, Python <c>str(utcnow())</c> timestamp, no <c>_context_*</c> keys as
/// modern oslo sends for a dict context) wrapped in the v2 envelope, both serialized like Python's <c>json.dumps</c>.
/// </summary>
internal sealed record OsloNotification(string MessageId, string PublisherId, string EventType, JsonObject Payload, DateTime TimestampUtc, string UniqueId)
{
    public const string Priority = "INFO";

    public static OsloNotification Create(string publisherId, string eventType, JsonObject payload, DateTime timestampUtc)
        => new(Guid.NewGuid().ToString(), publisherId, eventType, payload, timestampUtc, Guid.NewGuid().ToString("N"));

    /// <summary><c>str(datetime)</c>: microseconds only when non-zero, like Python.</summary>
    public string Timestamp
    {
        get
        {
            var microseconds = (TimestampUtc.Ticks % TimeSpan.TicksPerSecond) / 10;
            var seconds = TimestampUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            return microseconds == 0 ? seconds : $"{seconds}.{microseconds.ToString("D6", CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>The raw message, as the JSON string the envelope's <c>oslo.message</c> carries.</summary>
    public string RawMessage => PythonJson.Serialize(new JsonObject
    {
        ["message_id"] = MessageId,
        ["publisher_id"] = PublisherId,
        ["event_type"] = EventType,
        ["priority"] = Priority,
        ["payload"] = Payload.DeepClone(),
        ["timestamp"] = Timestamp,
        ["_unique_id"] = UniqueId,
    });

    /// <summary><c>{"oslo.version": "2.0", "oslo.message": "&lt;raw message&gt;"}</c>.</summary>
    public string Envelope => PythonJson.Serialize(new JsonObject
    {
        ["oslo.version"] = "2.0",
        ["oslo.message"] = RawMessage,
    });

    public byte[] Body => Encoding.UTF8.GetBytes(Envelope);
}
