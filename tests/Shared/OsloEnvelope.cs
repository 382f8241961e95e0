using System.Text;
using System.Text.Json.Nodes;
using K2hr3.Compat;

namespace K2hr3.Tests.Support;

/// <summary>
/// One notification as an OpenStack service's oslo.messaging notifier emits it (osnl-compatibility.md §5.1). Raw message keys are
/// written in oslo's order: message_id, publisher_id, event_type, priority, payload, timestamp, _unique_id, then one
/// <c>_context_&lt;key&gt;</c> per context entry.
/// </summary>
public sealed record OsloMessage
{
    public required string MessageId { get; init; }

    public required string PublisherId { get; init; }

    public required string EventType { get; init; }

    /// <summary>As the notifier sends it: upper-case.</summary>
    public string Priority { get; init; } = "INFO";

    public JsonNode? Payload { get; init; }

    /// <summary><c>str(utcnow())</c>, e.g. <c>2018-10-26 23:59:59.999999</c>.</summary>
    public required string Timestamp { get; init; }

    /// <summary>uuid4 hex (32 characters).</summary>
    public string UniqueId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Request context entries, in order; empty like modern oslo with a plain-dict context.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Context { get; init; } = [];

    /// <summary>The raw message object (what <c>oslo.message</c> holds).</summary>
    public JsonObject ToRawMessage()
    {
        var raw = new JsonObject
        {
            ["message_id"] = MessageId,
            ["publisher_id"] = PublisherId,
            ["event_type"] = EventType,
            ["priority"] = Priority,
            ["payload"] = Payload?.DeepClone(),
            ["timestamp"] = Timestamp,
            ["_unique_id"] = UniqueId,
        };
        foreach (var (key, value) in Context)
        {
            raw["_context_" + key] = value?.DeepClone();
        }

        return raw;
    }
}

/// <summary>
/// Produces the exact AMQP body bytes oslo.messaging + kombu publish (osnl-compatibility.md §5.1): Python <c>json.dumps</c> with its
/// defaults (separators <c>", "</c> and <c>": "</c>, <c>ensure_ascii</c>, floats as <c>repr</c>), for the v2 envelope
/// <c>{"oslo.version": "2.0", "oslo.message": "&lt;raw message JSON&gt;"}</c> or a bare v1 message.
/// Publish with <see cref="ContentType"/>, <see cref="ContentEncoding"/>, delivery mode 2, priority 0, empty headers,
/// routing key <c>&lt;topic&gt;.info</c>.
/// </summary>
public static class OsloEnvelope
{
    public const string ContentType = "application/json";
    public const string ContentEncoding = "utf-8";

    /// <summary>
    /// Loads an upstream sample (<c>ctxt</c>, <c>publisher_id</c>, <c>event_type</c>, <c>metadata</c>, <c>payload</c>) as
    /// the notification its service would have sent.
    /// </summary>
    public static OsloMessage LoadSample(string path, string? uniqueId = null)
    {
        var sample = JsonNode.Parse(System.IO.File.ReadAllText(path))!.AsObject();
        var metadata = sample["metadata"]!.AsObject();
        return new OsloMessage
        {
            MessageId = metadata["message_id"]!.GetValue<string>(),
            PublisherId = sample["publisher_id"]!.GetValue<string>(),
            EventType = sample["event_type"]!.GetValue<string>(),
            Payload = sample["payload"]?.DeepClone(),
            Timestamp = metadata["timestamp"]!.GetValue<string>(),
            UniqueId = uniqueId ?? Guid.NewGuid().ToString("N"),
            Context = [.. sample["ctxt"]!.AsObject().Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))],
        };
    }

    /// <summary>The v2 (<c>messagingv2</c> driver) body.</summary>
    public static byte[] V2(OsloMessage message) => Encoding.ASCII.GetBytes(WrapV2(PythonJson.Serialize(message.ToRawMessage())));

    /// <summary>The v1 (<c>messaging</c> driver) body: the raw message, no envelope.</summary>
    public static byte[] V1(OsloMessage message) => Encoding.ASCII.GetBytes(PythonJson.Serialize(message.ToRawMessage()));

    /// <summary>oslo's <c>serialize_msg</c> + kombu's dumps around any raw message text (valid JSON or not).</summary>
    public static string WrapV2(string rawMessageJson, string version = "2.0") =>
        PythonJson.Serialize(new JsonObject { ["oslo.version"] = version, ["oslo.message"] = rawMessageJson });
}
