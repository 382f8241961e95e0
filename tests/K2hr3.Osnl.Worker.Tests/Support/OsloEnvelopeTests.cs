namespace K2hr3.Tests.Support;

public class OsloEnvelopeTests
{
    [Fact]
    public void V2MatchesTheBytesPythonJsonDumpsProduces()
    {
        // Expected text printed by CPython 3.11: json.dumps({"oslo.version": "2.0", "oslo.message": json.dumps(raw)}).
        const string Expected =
            """{"oslo.version": "2.0", "oslo.message": "{\"message_id\": \"m\", \"publisher_id\": \"p\", \"event_type\": \"e\", \"priority\": \"INFO\", \"payload\": {\"a\": [1, 2.5, null, true, 1e+16, 1.5e-07, 0.0001, -0.0, 123456789.125, 100000000000000000000], \"\\u00e9\": \"\\u00fc\\n\\\"\\\\\\ud83d\\ude00\\u007f\"}, \"timestamp\": \"t\", \"_unique_id\": \"u\", \"_context_x\": null}"}""";
        var message = new OsloMessage
        {
            MessageId = "m",
            PublisherId = "p",
            EventType = "e",
            Payload = JsonNode.Parse("""{"a": [1, 2.5, null, true, 1e16, 1.5e-07, 0.0001, -0.0, 123456789.125, 100000000000000000000], "é": "ü\n\"\\😀\u007f"}"""),
            Timestamp = "t",
            UniqueId = "u",
            Context = [new("x", null)],
        };

        var body = OsloEnvelope.V2(message);

        Assert.Equal(Expected, Encoding.ASCII.GetString(body));
    }

    [Fact]
    public void SampleKeepsTheContextOrderAndOsloKeyOrder()
    {
        var message = OsloEnvelope.LoadSample(TestData.Notification("notifications_neutron.json"), uniqueId: "0123456789abcdef0123456789abcdef");

        var raw = PythonJson.Serialize(message.ToRawMessage());

        Assert.StartsWith("""{"message_id": "msgidfff-ffff-ffff-ffff-ffffffffffff", "publisher_id": "network.node1.example.com", "event_type": "port.delete.end", "priority": "INFO", "payload": {"port": {"admin_state_up": true, """, raw, StringComparison.Ordinal);
        Assert.Contains("""}, "timestamp": "2018-10-26 23:59:59.999999", "_unique_id": "0123456789abcdef0123456789abcdef", "_context_auth_token": "auth_token_string", "_context_client_timeout": null, """, raw, StringComparison.Ordinal);
        Assert.EndsWith(""", "_context_user_name": "admin"}""", raw, StringComparison.Ordinal);
    }
}
