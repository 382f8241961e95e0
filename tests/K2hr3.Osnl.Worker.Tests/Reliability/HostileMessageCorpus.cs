namespace K2hr3.Tests.Reliability;

/// <summary>One malformed or hostile AMQP message and what the worker must conclude about it.</summary>
/// <param name="Name">Says what is wrong with it.</param>
/// <param name="ExpectedOutcome">The outcome the worker logs for it (<c>malformed</c> is rejected → the queue's
/// dead-letter exchange; everything else, <c>invalid_target</c> — not a VM — included, is acked without a call).</param>
/// <param name="Body">The AMQP body.</param>
/// <param name="ContentType">The AMQP content type (oslo sends <c>application/json</c>).</param>
public sealed record HostileMessage(string Name, string ExpectedOutcome, byte[] Body, string? ContentType = OsloEnvelope.ContentType)
{
    /// <summary>Rejected without requeue (only what cannot be decoded), so a DLX policy keeps it.</summary>
    public bool IsRejected => ExpectedOutcome is HostileMessageCorpus.Malformed;

    public override string ToString() => $"{Name} ({Body.Length} bytes)";
}

/// <summary>
/// Issue 3's corpus: invalid JSON, wrong types at every level, a 10 MB payload, deep nesting, invalid UTF-8, unknown
/// envelope versions, non-string priorities, regex- and query-hostile strings. Each entry breaks exactly one thing in
/// otherwise valid neutron <c>port.delete.end</c> notifications (oslo v2 envelope), so none of them may lead to a DELETE.
/// </summary>
public static class HostileMessageCorpus
{
    public const string Malformed = "malformed";
    public const string InvalidTarget = "invalid_target";
    public const string FilteredOut = "filtered_out";
    public const string UnknownPriority = "unknown_priority";
    public const string PayloadShapeError = "payload_shape_error";
    public const string NoCuk = "no_cuk";

    private const int TenMegabytes = 10 * 1024 * 1024;

    public static IReadOnlyList<HostileMessage> Build() =>
    [
        // The body itself.
        Text("truncated-json", Malformed, "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"priority\\\": "),
        Text("not-json-at-all", Malformed, "port.delete.end please"),
        Text("body-is-a-json-array", Malformed, "[\"oslo.version\", \"2.0\"]"),
        Text("body-is-a-json-string", Malformed, "\"{\\\"priority\\\": \\\"INFO\\\"}\""),
        Text("body-is-a-json-number", Malformed, "2.0"),
        Text("body-is-json-null", Malformed, "null"),
        new("invalid-utf8-in-a-string", Malformed, [.. "{\"oslo.version\": \"2.0\", \"oslo.message\": \""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]),
        new("text-plain-content-type", Malformed, Encoding.UTF8.GetBytes(Envelope(Valid())), "text/plain"),
        new("no-content-type", Malformed, Encoding.UTF8.GetBytes(Envelope(Valid())), null),
        new("empty-body", UnknownPriority, []),
        Text("nul-bytes-only", Malformed, "\0\0\0\0"),

        // The oslo v2 envelope.
        Text("unknown-envelope-version-3.0", Malformed, OsloEnvelope.WrapV2(PythonJson.Serialize(Valid()), "3.0")),
        Text("envelope-version-is-a-number", Malformed, $"{{\"oslo.version\": 2.0, \"oslo.message\": {PythonJson.Serialize(JsonValue.Create(PythonJson.Serialize(Valid())))}}}"),
        Text("envelope-message-is-an-object", Malformed, $"{{\"oslo.version\": \"2.0\", \"oslo.message\": {PythonJson.Serialize(Valid())}}}"),
        Text("envelope-message-is-not-json", Malformed, OsloEnvelope.WrapV2("{\"priority\": \"INFO\", oops")),
        Text("envelope-message-is-a-json-array", Malformed, OsloEnvelope.WrapV2("[\"priority\", \"INFO\"]")),
        Text("envelope-message-is-a-json-number", Malformed, OsloEnvelope.WrapV2("5")),
        Text("envelope-message-has-an-unpaired-surrogate", Malformed, "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"priority\\\": \\\"\\ud800\\\"}\"}"),
        Text("nested-100000-levels-deep", Malformed, Envelope(Valid(), payload: new string('[', 100_000) + new string(']', 100_000))),

        // The message: priority.
        Text("priority-is-a-number", Malformed, Envelope(Valid(message => message["priority"] = 5))),
        Text("priority-is-null", Malformed, Envelope(Valid(message => message["priority"] = null))),
        Text("priority-is-a-list", Malformed, Envelope(Valid(message => message["priority"] = new JsonArray("INFO")))),
        Text("priority-is-an-unknown-word", UnknownPriority, Envelope(Valid(message => message["priority"] = "LOUD"))),

        // The message: filter fields of the wrong type.
        Text("publisher-id-is-a-number", FilteredOut, Envelope(Valid(message => message["publisher_id"] = 12345))),
        Text("event-type-is-an-object", FilteredOut, Envelope(Valid(message => message["event_type"] = new JsonObject { ["name"] = "port.delete.end" }))),
        Text("event-type-is-null", FilteredOut, Envelope(Valid(message => message["event_type"] = null))),

        // The payload and its nested values.
        Text("payload-is-a-string", PayloadShapeError, Envelope(Valid(message => message["payload"] = "port"))),
        Text("payload-is-a-list", PayloadShapeError, Envelope(Valid(message => message["payload"] = new JsonArray(1, 2)))),
        Text("payload-port-is-a-string", PayloadShapeError, Envelope(Valid(message => message["payload"]!["port"] = "12345678-1234-5678-1234-567812345678"))),
        Text("fixed-ips-is-an-object", PayloadShapeError, Envelope(Valid(message => message["payload"]!["port"]!["fixed_ips"] = new JsonObject { ["ip_address"] = "172.16.0.1" }))),
        Text("fixed-ips-element-is-a-string", PayloadShapeError, Envelope(Valid(message => message["payload"]!["port"]!["fixed_ips"] = new JsonArray("172.16.0.1")))),
        Text("device-id-is-a-number", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["device_id"] = 12345678))),
        Text("device-id-of-a-dhcp-port", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["device_id"] = "dhcpd3377d3c-a0d1-5d71-9947-f17125c357bb-20e9dd95-5bd7-4e1f-9b58-a2e7c0da3a13"))),
        Text("device-id-is-not-a-uuid", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["device_id"] = "not-a-uuid"))),
        Text("device-id-is-missing", NoCuk, Envelope(Valid(message => message["payload"]!["port"]!.AsObject().Remove("device_id")))),
        Text("ip-address-is-a-number", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["fixed_ips"]![0]!["ip_address"] = 2886729729))),
        Text("ip-address-is-out-of-range", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["fixed_ips"]![0]!["ip_address"] = "999.16.0.1"))),

        // Size.
        Text("ten-megabyte-payload", NoCuk, Envelope(Valid(message => message["payload"] = new JsonObject { ["blob"] = new string('x', TenMegabytes) }))),

        // Hostile strings: query injection into the DELETE, and inputs that hurt naive or backtracking regex engines.
        Text("device-id-with-a-query-injection", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["device_id"] = "12345678-1234-5678-1234-567812345678&host=10.0.0.1"))),
        Text("ip-address-with-a-query-injection", InvalidTarget, Envelope(Valid(message => message["payload"]!["port"]!["fixed_ips"]![0]!["ip_address"] = "172.16.0.1\"]&cuk=x"))),
        Text("publisher-id-of-100000-characters", FilteredOut, Envelope(Valid(message => message["publisher_id"] = new string('a', 100_000) + "!"))),
        Text("event-type-with-an-embedded-newline", FilteredOut, Envelope(Valid(message => message["event_type"] = "port.delete.end\nport.create.end"))),
        Text("event-type-of-regex-metacharacters", FilteredOut, Envelope(Valid(message => message["event_type"] = string.Concat(Enumerable.Repeat("(a+)+$.*\\", 5_000))))),
        Text("publisher-id-with-control-characters", FilteredOut, Envelope(Valid(message => message["publisher_id"] = "\u0000\u001b[2Jnetwork\u0007"))),
    ];

    /// <summary>A valid neutron port.delete.end raw message (a fresh cuk and ids), changed by <paramref name="change"/>.</summary>
    private static JsonObject Valid(Action<JsonObject>? change = null)
    {
        var message = OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString()).ToRawMessage();
        change?.Invoke(message);
        return message;
    }

    /// <summary>kombu's v2 body around <paramref name="message"/>; <paramref name="payload"/> replaces the payload's JSON text verbatim.</summary>
    private static string Envelope(JsonObject message, string? payload = null)
    {
        var raw = PythonJson.Serialize(message);
        if (payload is not null)
        {
            var current = PythonJson.Serialize(message["payload"]);
            raw = raw.Replace(current, payload, StringComparison.Ordinal);
        }

        return OsloEnvelope.WrapV2(raw);
    }

    private static HostileMessage Text(string name, string expectedOutcome, string body) => new(name, expectedOutcome, Encoding.UTF8.GetBytes(body));
}
