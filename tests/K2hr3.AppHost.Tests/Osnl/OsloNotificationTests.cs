using K2hr3.Compat;

namespace K2hr3.Tests.Osnl;

/// <summary>The simulate commands' bodies: oslo v2 envelopes serialized byte for byte like Python's json.dumps.</summary>
public class OsloNotificationTests
{
    private static readonly DateTime Timestamp = new(2026, 11, 25, 16, 57, 12, DateTimeKind.Utc);

    [Fact]
    public void JsonIsWrittenExactlyLikePythonsJsonDumps()
    {
        var node = new JsonObject
        {
            ["a"] = "é/\n\t\"\\",
            ["b"] = new JsonArray(1, true, null, false),
            ["c"] = new JsonObject { ["d"] = "x", ["emoji"] = "😀", ["ctl"] = "\u0001\u007f" },
            ["e"] = new JsonObject(),
        };

        // python3 -c 'import json; print(json.dumps({...}))' with the same values.
        Assert.Equal(
            """{"a": "\u00e9/\n\t\"\\", "b": [1, true, null, false], "c": {"d": "x", "emoji": "\ud83d\ude00", "ctl": "\u0001\u007f"}, "e": {}}""",
            PythonJson.Serialize(node));
    }

    [Fact]
    public void TheEnvelopeCarriesTheRawMessageAsAJsonString()
    {
        var notification = new OsloNotification("m-1", "network.h", "port.delete.end", new JsonObject { ["k"] = "v" }, Timestamp.AddTicks(1_234_560), "u1");

        Assert.Equal(
            """{"oslo.version": "2.0", "oslo.message": "{\"message_id\": \"m-1\", \"publisher_id\": \"network.h\", \"event_type\": \"port.delete.end\", \"priority\": \"INFO\", \"payload\": {\"k\": \"v\"}, \"timestamp\": \"2026-11-25 16:57:12.123456\", \"_unique_id\": \"u1\"}"}""",
            notification.Envelope);
    }

    [Fact]
    public void TheTimestampIsPythonsStrOfUtcNow()
    {
        Assert.Equal("2026-11-25 16:57:12", Notification(Timestamp).Timestamp); // str() drops zero microseconds
        Assert.Equal("2026-11-25 16:57:12.000010", Notification(Timestamp.AddTicks(100)).Timestamp);
    }

    [Fact]
    public void ANeutronPortDeleteNamesTheInstanceAndItsFixedIps()
    {
        var notification = DeleteNotifications.NeutronPortDelete("6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", ["10.0.0.5", "2001:db8::5"], Timestamp);

        var raw = RawMessage(notification);
        Assert.Equal("port.delete.end", raw["event_type"]!.GetValue<string>());
        Assert.StartsWith("network.", raw["publisher_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("INFO", raw["priority"]!.GetValue<string>());
        var port = raw["payload"]!["port"]!;
        Assert.Equal("6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", port["device_id"]!.GetValue<string>());
        Assert.Equal(["10.0.0.5", "2001:db8::5"], port["fixed_ips"]!.AsArray().Select(ip => ip!["ip_address"]!.GetValue<string>()));
        Assert.Equal(32, raw["_unique_id"]!.GetValue<string>().Length);
        Assert.True(Guid.TryParse(raw["message_id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void ANovaInstanceDeleteNamesTheInstanceInTheVersionedPayload()
    {
        var notification = DeleteNotifications.NovaInstanceDelete("6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", Timestamp);

        var raw = RawMessage(notification);
        Assert.Equal("instance.delete.end", raw["event_type"]!.GetValue<string>());
        Assert.StartsWith("nova-compute:", raw["publisher_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", raw["payload"]!["nova_object.data"]!["uuid"]!.GetValue<string>());
        Assert.Equal("InstanceActionPayload", raw["payload"]!["nova_object.name"]!.GetValue<string>());
    }

    [Fact]
    public void TheBodyIsTheEnvelopeInUtf8AndPureAscii()
    {
        var notification = DeleteNotifications.NeutronPortDelete("6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", ["10.0.0.5"], Timestamp);
        Assert.All(notification.Body, b => Assert.InRange(b, (byte)0x20, (byte)0x7e));
        Assert.Equal(notification.Envelope, System.Text.Encoding.UTF8.GetString(notification.Body));
    }

    [Theory]
    [InlineData("notifications_neutron.json")]
    [InlineData("versioned_notifications_nova.json")]
    public void TheEnvelopeMatchesTheTestSuitesOsloReferenceForUpstreamSamples(string sample)
    {
        // The same notification through the tests' independent oslo/kombu writer (Support/OsloEnvelope).
        var reference = OsloEnvelope.LoadSample(TestData.Notification(sample), uniqueId: "0123456789abcdef0123456789abcdef");
        var notification = new OsloNotification(
            reference.MessageId,
            reference.PublisherId,
            reference.EventType,
            reference.Payload!.AsObject(),
            DateTime.SpecifyKind(DateTime.ParseExact(reference.Timestamp, "yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
            reference.UniqueId);

        // Modern oslo sends no _context_* keys for a dict context; so does the simulator.
        Assert.Equal(OsloEnvelope.V2(reference with { Context = [] }), notification.Body);
    }

    private static OsloNotification Notification(DateTime timestamp)
        => new("m", "p", "e", new JsonObject(), timestamp, "u");

    private static JsonObject RawMessage(OsloNotification notification)
    {
        var envelope = JsonNode.Parse(notification.Body)!.AsObject();
        Assert.Equal("2.0", envelope["oslo.version"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, envelope["oslo.message"]!.GetValueKind());
        return JsonNode.Parse(envelope["oslo.message"]!.GetValue<string>())!.AsObject();
    }
}
