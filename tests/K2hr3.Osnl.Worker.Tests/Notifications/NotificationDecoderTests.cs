using static K2hr3.Tests.Notifications.DecodeHelpers;

namespace K2hr3.Tests.Notifications;

public class NotificationDecoderTests
{
    public static TheoryData<string> Samples => ["notifications_neutron.json", "notifications_nova.json", "versioned_notifications_nova.json"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void V2SampleDecodesToWhatTheOsloDispatcherSees(string sample)
        => AssertDecodesToTheSample(sample, OsloEnvelope.V2);

    [Theory]
    [MemberData(nameof(Samples))]
    public void V1SampleDecodesLikeTheV2Envelope(string sample)
        => AssertDecodesToTheSample(sample, OsloEnvelope.V1);

    private static void AssertDecodesToTheSample(string sample, Func<OsloMessage, byte[]> envelope)
    {
        var message = OsloEnvelope.LoadSample(TestData.Notification(sample), uniqueId: "0123456789abcdef0123456789abcdef");

        using var notification = Decoded(NotificationDecoder.Decode(envelope(message), "application/json"));

        AssertMatchesSample(message, notification);
    }

    private static void AssertMatchesSample(OsloMessage message, Notification notification)
    {
        Assert.Equal(message.PublisherId, notification.PublisherId.GetString());
        Assert.Equal(message.EventType, notification.EventType.GetString());
        Assert.Equal("info", notification.Priority);
        Assert.Equal(PriorityKind.Info, notification.PriorityKind);
        Assert.Equal(message.MessageId, notification.MessageId);
        Assert.Equal(message.UniqueId, notification.UniqueId);
        Assert.Equal(JsonValueKind.Object, notification.Payload.ValueKind);
        Assert.Equal(message.Payload!.ToJsonString(), JsonSerializer.Serialize(notification.Payload));

        // metadata is exactly {message_id, timestamp}, in that order.
        Assert.Equal(["message_id", "timestamp"], notification.Metadata.Keys);
        Assert.Equal(message.MessageId, notification.Metadata["message_id"].GetString());
        Assert.Equal(message.Timestamp, notification.Metadata["timestamp"].GetString());

        // ctxt: every sample key without the prefix, client_timeout null (the samples already have that key).
        Assert.Equal(message.Context.Select(c => c.Key), notification.Context.Keys);
        foreach (var (key, value) in message.Context)
        {
            Assert.Equal(value?.ToJsonString() ?? "null", JsonSerializer.Serialize(notification.Context[key]));
        }

        Assert.Equal(JsonValueKind.Null, notification.Context["client_timeout"].ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public void EmptyBodyIsANotificationWithoutPriorityWhateverTheContentType(string? contentType)
    {
        using var notification = Decoded(NotificationDecoder.Decode(ReadOnlyMemory<byte>.Empty, contentType));

        Assert.Equal(string.Empty, notification.Priority);
        Assert.Equal(PriorityKind.Unknown, notification.PriorityKind);
        Assert.Equal(JsonValueKind.Undefined, notification.PublisherId.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, notification.EventType.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, notification.Payload.ValueKind);
        Assert.Equal(["client_timeout"], notification.Context.Keys);
        Assert.Equal(JsonValueKind.Null, notification.Context["client_timeout"].ValueKind);
        Assert.Equal(JsonValueKind.Null, notification.Metadata["message_id"].ValueKind);
        Assert.Equal(JsonValueKind.Null, notification.Metadata["timestamp"].ValueKind);
        Assert.Null(notification.UniqueId);
        Assert.Null(notification.MessageId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/data")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("")]
    public void BodyWithAnotherContentTypeIsMalformedAsKombuDecodesItToAString(string? contentType)
    {
        var error = Malformed(DecodeText("""{"priority": "INFO"}""", contentType));

        Assert.Contains("content type", error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated JSON", """{"priority": "INFO" """ },
        { "trailing garbage", """{"priority": "INFO"} x""" },
        { "whitespace only", "   " },
        { "single quotes", "{'priority': 'INFO'}" },
        { "trailing comma", """{"priority": "INFO",}""" },
        { "comment", """{"priority": "INFO"} // c""" },
        { "NaN literal", """{"priority": "INFO", "payload": NaN}""" },
        { "array", "[]" },
        { "array of pairs", """[["priority", "info"]]""" },
        { "string", "\"x\"" },
        { "number", "1" },
        { "null", "null" },
        { "true", "true" },
        { "control character in string", "{\"priority\": \"IN\u0001FO\"}" },
        { "unsupported version 2.1", """{"oslo.version": "2.1", "oslo.message": "{}"}""" },
        { "unsupported version 3.0", """{"oslo.version": "3.0", "oslo.message": "{}"}""" },
        { "unsupported version 1.0", """{"oslo.version": "1.0", "oslo.message": "{}"}""" },
        { "version without minor", """{"oslo.version": "2", "oslo.message": "{}"}""" },
        { "version with revision 1", """{"oslo.version": "2.0.1", "oslo.message": "{}"}""" },
        { "version not numeric", """{"oslo.version": "2.x", "oslo.message": "{}"}""" },
        { "version empty", """{"oslo.version": "", "oslo.message": "{}"}""" },
        { "version as number", """{"oslo.version": 2.0, "oslo.message": "{}"}""" },
        { "version null", """{"oslo.version": null, "oslo.message": "{}"}""" },
        { "version with superscript digit", """{"oslo.version": "\u00b2.0", "oslo.message": "{}"}""" },
        { "message as object", """{"oslo.version": "2.0", "oslo.message": {"priority": "INFO"}}""" },
        { "message as number", """{"oslo.version": "2.0", "oslo.message": 1}""" },
        { "message as null", """{"oslo.version": "2.0", "oslo.message": null}""" },
        { "message empty", """{"oslo.version": "2.0", "oslo.message": ""}""" },
        { "message invalid JSON", """{"oslo.version": "2.0", "oslo.message": "{\"priority\": "}""" },
        { "message array", """{"oslo.version": "2.0", "oslo.message": "[]"}""" },
        { "message string", """{"oslo.version": "2.0", "oslo.message": "\"x\""}""" },
        { "message with unpaired surrogate", """{"oslo.version": "2.0", "oslo.message": "{\"priority\": \"\\ud800\"}"}""" },
        { "message starting with a BOM", """{"oslo.version": "2.0", "oslo.message": "\ufeff{}"}""" },
        { "priority number", """{"priority": 1}""" },
        { "priority null", """{"priority": null}""" },
        { "priority true", """{"priority": true}""" },
        { "priority object", """{"priority": {}}""" },
        { "priority list", """{"priority": ["info"]}""" },
        { "priority unpaired surrogate", """{"priority": "\ud800"}""" },
        { "v2 priority number", """{"oslo.version": "2.0", "oslo.message": "{\"priority\": 5}"}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void MalformedBodyIsReportedWithAReasonNotAnException(string description, string body)
    {
        var error = Malformed(DecodeText(body));

        Assert.True(error.Length < 300, $"{description}: reason too long: {error}");
    }

    [Fact]
    public void InvalidUtf8IsMalformed()
    {
        byte[] body = [.. """{"priority": "INFO", "payload": " """u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Contains("UTF-8", Malformed(NotificationDecoder.Decode(body, "application/json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8ByteOrderMarkIsMalformedLikePythonJsonLoads()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"priority": "INFO"}"""u8];

        Malformed(NotificationDecoder.Decode(body, "application/json"));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(NotificationDecoder.MaxDepth - 2, true)]
    [InlineData(NotificationDecoder.MaxDepth + 1, false)]
    [InlineData(100_000, false)]
    public void NestingIsBoundedInBothLayers(int depth, bool accepted)
    {
        var payload = new string('[', depth) + new string(']', depth);
        var raw = $$"""{"priority": "INFO", "payload": {{payload}}}""";

        foreach (var result in new[] { DecodeText(raw), DecodeV2(raw) })
        {
            if (accepted)
            {
                using var notification = Decoded(result);
                Assert.Equal(JsonValueKind.Array, notification.Payload.ValueKind);
            }
            else
            {
                Malformed(result);
            }
        }
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("2.0.0")]
    [InlineData("2.00")]
    [InlineData(" 2.0 ")]
    [InlineData("02.0")]
    [InlineData("+2.0")]
    [InlineData("2.-1")]
    [InlineData("2.-1.x")]
    [InlineData("2.0.-3")]
    [InlineData("2.0_0")]
    [InlineData("2.0.0.9")]
    [InlineData("\u0662.\u0660")] // Arabic-Indic digits: Python's int() reads them
    public void EnvelopeVersionCompatibleWith20IsAccepted(string version)
    {
        var body = OsloEnvelope.WrapV2("""{"priority": "INFO", "event_type": "x"}""", version);

        using var notification = Decoded(DecodeText(body));

        Assert.Equal("x", notification.EventType.GetString());
    }

    [Theory]
    [InlineData("INFO")]
    [InlineData("info")]
    [InlineData("iNfO")]
    public void InfoInAnyAsciiCaseIsInfo(string wire) => AssertPriority(wire, "info", PriorityKind.Info);

    [Theory]
    [InlineData("WARNING", "warning")]
    [InlineData("", "")]
    [InlineData(" info", " info")]
    [InlineData("\u0130NFO", "\u0130nfo")] // Python: 'İNFO'.lower() is 'i̇nfo', not 'info'
    public void AnyOtherPriorityIsLowerCasedAndUnknown(string wire, string expected) => AssertPriority(wire, expected, PriorityKind.Unknown);

    [Theory]
    [InlineData("AUDIT", "audit")]
    [InlineData("DEBUG", "debug")]
    [InlineData("WARN", "warn")]
    [InlineData("ERROR", "error")]
    [InlineData("CRITICAL", "critical")]
    [InlineData("SAMPLE", "sample")]
    public void TheOtherOsloPrioritiesAreLowerCasedAndOtherKnown(string wire, string expected) => AssertPriority(wire, expected, PriorityKind.OtherKnown);

    /// <summary>The priority as the decoder lower-cases it (Python's <c>str.lower()</c>) and its class.</summary>
    private static void AssertPriority(string wire, string expected, PriorityKind kind)
    {
        using var notification = Decoded(DecodeV2(PythonJson.Serialize(new System.Text.Json.Nodes.JsonObject { ["priority"] = wire })));

        Assert.Equal(expected, notification.Priority);
        Assert.Equal(kind, notification.PriorityKind);
    }

    [Fact]
    public void KnownPrioritiesAreTheSharedConstantsSoNoStringIsAllocated()
    {
        using var notification = Decoded(DecodeV2("""{"priority": "INFO"}"""));

        Assert.Same(NotificationPriorities.Info, notification.Priority);
    }

    [Fact]
    public void MissingKeysAreAbsentAndMetadataValuesAreNull()
    {
        using var notification = Decoded(DecodeV2("""{"priority": "INFO"}"""));

        Assert.Equal(JsonValueKind.Undefined, notification.PublisherId.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, notification.EventType.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, notification.Payload.ValueKind);
        Assert.Equal(2, notification.Metadata.Count);
        Assert.True(notification.Metadata.ContainsKey("message_id"));
        Assert.Equal(JsonValueKind.Null, notification.Metadata["message_id"].ValueKind);
        Assert.Equal(JsonValueKind.Null, notification.Metadata["timestamp"].ValueKind);
        Assert.False(notification.Metadata.ContainsKey("priority"));
        Assert.Equal(["client_timeout"], notification.Context.Keys);
    }

    [Fact]
    public void ContextHoldsPrefixedKeysOnlyAndClientTimeoutComesFromTimeout()
    {
        const string Raw = """
            {"priority": "INFO", "_context_user": "u1", "_context_roles": ["admin"], "_msg_id": "m", "_reply_q": "q",
             "_timeout": 30, "_context_client_timeout": "overridden", "context_plain": 1, "_context_": "empty key"}
            """;

        using var notification = Decoded(DecodeV2(Raw));

        Assert.Equal(["user", "roles", "client_timeout", ""], notification.Context.Keys);
        Assert.Equal(4, notification.Context.Count);
        Assert.Equal("u1", notification.Context["user"].GetString());
        Assert.Equal(30, notification.Context["client_timeout"].GetInt32());
        Assert.True(notification.Context.TryGetValue("roles", out var roles));
        Assert.Equal(JsonValueKind.Array, roles.ValueKind);
        Assert.False(notification.Context.ContainsKey("msg_id"));
        Assert.False(notification.Context.ContainsKey("context_plain"));
        Assert.False(notification.Context.TryGetValue("missing", out _));
    }

    [Fact]
    public void DuplicateKeysKeepTheLastValueLikeAPythonDict()
    {
        const string Raw = """
            {"priority": "ERROR", "_context_user": "first", "event_type": "a", "priority": "INFO", "_context_user": "last", "event_type": "b"}
            """;

        using var notification = Decoded(DecodeV2(Raw));

        Assert.Equal("info", notification.Priority);
        Assert.Equal("b", notification.EventType.GetString());
        Assert.Equal("last", notification.Context["user"].GetString());
        Assert.Equal(["user", "client_timeout"], notification.Context.Keys);
        Assert.Equal("last", notification.Context.Single(c => c.Key == "user").Value.GetString());
    }

    [Fact]
    public void EscapedKeyNamesAreTheSamePythonKeys()
    {
        const string Raw = """{"pri\u006frity": "INFO", "\u0070ublisher_id": "network.x", "\u005fcontext_user": "u"}""";

        using var notification = Decoded(DecodeText(Raw));

        Assert.Equal("info", notification.Priority);
        Assert.Equal("network.x", notification.PublisherId.GetString());
        Assert.Equal("u", notification.Context["user"].GetString());
        Assert.Equal(["user", "client_timeout"], notification.Context.Keys);
    }

    [Fact]
    public void ADictWithOnlyOneEnvelopeKeyIsAV1Message()
    {
        using var notification = Decoded(DecodeText("""{"oslo.message": "{}", "priority": "INFO", "event_type": "e"}"""));

        Assert.Equal("info", notification.Priority);
        Assert.Equal("e", notification.EventType.GetString());
    }

    [Fact]
    public void EnvelopeWinsOverOtherKeysOfTheOuterDict()
    {
        using var notification = Decoded(DecodeText("""{"priority": "ERROR", "oslo.version": "2.0", "oslo.message": "{\"priority\": \"INFO\"}"}"""));

        Assert.Equal("info", notification.Priority);
    }

    [Fact]
    public void NonStringUniqueIdAndMessageIdAreNullButMetadataKeepsTheValue()
    {
        using var notification = Decoded(DecodeV2("""{"priority": "INFO", "_unique_id": 5, "message_id": 7}"""));

        Assert.Null(notification.UniqueId);
        Assert.Null(notification.MessageId);
        Assert.Equal(7, notification.Metadata["message_id"].GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DecodedValuesDoNotDependOnTheBodyBuffer(bool v2)
    {
        var message = OsloEnvelope.LoadSample(TestData.Notification("notifications_neutron.json"));
        var body = v2 ? OsloEnvelope.V2(message) : OsloEnvelope.V1(message);

        using var notification = Decoded(NotificationDecoder.Decode(body, "application/json"));
        Array.Fill(body, (byte)'x'); // the AMQP client reuses its buffer once the handler returns

        Assert.Equal("network.node1.example.com", notification.PublisherId.GetString());
        Assert.Equal("12345678-1234-5678-1234-567812345678", notification.Payload.GetProperty("port").GetProperty("device_id").GetString());
    }

    [Fact]
    public void DisposeReleasesTheBuffersOnceEvenThroughCopies()
    {
        var notification = Decoded(DecodeV2("""{"priority": "INFO", "payload": {"a": 1}}"""));
        var copy = notification with { Priority = "error" };

        notification.Dispose();

        Assert.Throws<ObjectDisposedException>(() => notification.Payload.GetProperty("a"));
        Assert.Throws<ObjectDisposedException>(() => copy.Payload.GetProperty("a"));
        copy.Dispose();
        notification.Dispose();
    }

    [Fact]
    public void ManyDecodesAndDisposalsKeepEachNotificationIntact()
    {
        // Pooled buffers are reused between messages: a notification must never see another one's bytes.
        var bodies = Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetBytes(OsloEnvelope.WrapV2($$"""{"priority": "INFO", "event_type": "e{{i}}"}"""))).ToArray();
        var live = new List<Notification>();
        for (var i = 0; i < bodies.Length; i++)
        {
            live.Add(Decoded(NotificationDecoder.Decode(bodies[i], "application/json")));
            if (i % 3 == 0)
            {
                live[^1].Dispose();
                live.RemoveAt(live.Count - 1);
            }
        }

        foreach (var notification in live)
        {
            Assert.Matches("^e[0-9]+$", notification.EventType.GetString()!);
        }

        Assert.Equal(live.Count, live.Select(n => n.EventType.GetString()).Distinct().Count());
        live.ForEach(n => n.Dispose());
    }
}
