using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    public static byte[] V2(OsloMessage message) => Encoding.ASCII.GetBytes(WrapV2(PythonDumps(message.ToRawMessage())));

    /// <summary>The v1 (<c>messaging</c> driver) body: the raw message, no envelope.</summary>
    public static byte[] V1(OsloMessage message) => Encoding.ASCII.GetBytes(PythonDumps(message.ToRawMessage()));

    /// <summary>oslo's <c>serialize_msg</c> + kombu's dumps around any raw message text (valid JSON or not).</summary>
    public static string WrapV2(string rawMessageJson, string version = "2.0") =>
        PythonDumps(new JsonObject { ["oslo.version"] = version, ["oslo.message"] = rawMessageJson });

    /// <summary>Python <c>json.dumps(value)</c> with default arguments.</summary>
    public static string PythonDumps(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, member) in obj)
                {
                    text.Append(first ? string.Empty : ", ");
                    first = false;
                    WriteString(key, text);
                    text.Append(": ");
                    Write(member, text);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    Write(array[i], text);
                }

                text.Append(']');
                break;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(value.GetValue<string>(), text);
                        break;
                    case JsonValueKind.True:
                        text.Append("true");
                        break;
                    case JsonValueKind.False:
                        text.Append("false");
                        break;
                    case JsonValueKind.Null:
                        text.Append("null");
                        break;
                    default:
                        text.Append(PythonNumber(value.ToJsonString()));
                        break;
                }

                break;
        }
    }

    /// <summary>ensure_ascii: <c>\"</c>, <c>\\</c>, <c>\n \r \t \b \f</c>, and <c>\uxxxx</c> (lower-case) for the rest outside 0x20–0x7E.</summary>
    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case >= ' ' and <= '~': text.Append(c); break;
                default: text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }

        text.Append('"');
    }

    /// <summary>Python's <c>json</c> reads integers as int (printed canonically) and the rest as float (printed by <c>repr</c>).</summary>
    private static string PythonNumber(string json)
    {
        if (json.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            return BigInteger.Parse(json, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return PythonFloatRepr(double.Parse(json, CultureInfo.InvariantCulture));
    }

    /// <summary><c>repr(float)</c>: shortest round-trip digits; scientific notation when the exponent is &lt; -4 or ≥ 16.</summary>
    private static string PythonFloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : string.Empty;
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        var decimalExponent = pointPosition - leadingZeros - 1; // value = d.ddd × 10^decimalExponent
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            return $"{sign}{digits[0]}{fraction}e{(decimalExponent < 0 ? '-' : '+')}{Math.Abs(decimalExponent):00}";
        }

        if (decimalExponent < 0)
        {
            return $"{sign}0.{new string('0', -decimalExponent - 1)}{digits}";
        }

        var integerDigits = decimalExponent + 1;
        return digits.Length <= integerDigits
            ? $"{sign}{digits.PadRight(integerDigits, '0')}.0"
            : $"{sign}{digits[..integerDigits]}.{digits[integerDigits..]}";
    }
}
