using static K2hr3.Tests.Notifications.DecodeHelpers;

namespace K2hr3.Tests.Notifications;

/// <summary>
/// kombu's exact envelope bytes take a one-pass unescaping shortcut; any other spelling of the same envelope takes the
/// general JSON path. Both must always agree.
/// </summary>
public class EnvelopeFastPathTests
{
    private const string KombuPrefix = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"";
    private const string CompactPrefix = "{\"oslo.version\":\"2.0\",\"oslo.message\":\"";

    /// <summary>Envelope string contents (already JSON-escaped once, as they appear inside the outer string).</summary>
    public static TheoryData<string> EscapedMessages =>
    [
        """{\"priority\": \"INFO\", \"event_type\": \"a\\/b\"}""",
        """{\"priority\": \"INFO\", \"event_type\": \"\\b\\f\\n\\r\\t\"}""",
        """{\"priority\": \"INFO\", \"event_type\": \"\\u00e9\\u20ac\\ud83d\\ude00\"}""",
        """{\"priority\": \"INFO\", \"event_type\": \"\u00e9\u20ac\"}""", // raw UTF-8 inside the envelope
        """{\"priority\": \"INFO\", \"event_type\": \"\\\\\\\"\"}""",
        """{\"priority\": \"INFO\", \"event_type\": \"\\u0000\"}""",
        """{\"priority\": \"INFO\", \"p\": \"\\uD83D\\uDE00\"}""",
        """{\u0022priority\u0022: \u0022INFO\u0022}""",                     // escapes in the outer string itself
        """{\"priority\": \"INFO\", \"event_type\": \"\\ud800\"}""",       // unpaired high surrogate
        """{\"priority\": \"INFO\", \"event_type\": \"\\udc00\"}""",       // unpaired low surrogate
        """{\"priority\": \"INFO\", \"event_type\": \"\\ud83d\\u0041\"}""", // high followed by a non-surrogate
        """\ud800""",
        """\udc00x""",
        """\u12""",
        """\u12G4""",
        """\x41""",
        """\'""",
        "{\\\"priority\\\": \\\"IN\u0001FO\\\"}",                             // raw control character
        "{\\\"priority\\\": \\\"IN\tFO\\\"}",
        "{\\\"priority\\\": \\\"INFO\\\"",                                 // inner JSON truncated
        """[]""",
        "",
        """\\""",
    ];

    [Theory]
    [MemberData(nameof(EscapedMessages))]
    public void KombuFormAndAnyOtherSpellingDecodeTheSame(string escaped)
    {
        var fast = DecodeText(KombuPrefix + escaped + "\"}");
        var general = DecodeText(CompactPrefix + escaped + "\"}");

        Assert.Equal(general.Status, fast.Status);
        if (general.Status == DecodeStatus.Decoded)
        {
            using var a = fast.Notification!;
            using var b = general.Notification!;
            Assert.Equal(b.Priority, a.Priority);
            Assert.Equal(Raw(b.EventType), Raw(a.EventType));
            Assert.Equal(b.Context.Select(c => (c.Key, Raw(c.Value))), a.Context.Select(c => (c.Key, Raw(c.Value))));
        }
    }

    // Raw text: values may hold unpaired surrogate escapes, which .NET cannot turn into strings.
    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "(absent)" : value.GetRawText();

    [Theory]
    [InlineData("\"}")]
    [InlineData("\" }")]
    [InlineData("\"}\n")]
    [InlineData("\"\r\n}\t")]
    public void WhitespaceAfterTheEnvelopeStringIsAccepted(string ending)
    {
        using var notification = Decoded(DecodeText(KombuPrefix + """{\"priority\": \"INFO\"}""" + ending));

        Assert.Equal("info", notification.Priority);
    }

    [Theory]
    [InlineData("\", \"oslo.version\": \"3.0\"}", false)] // a later duplicate key wins: unsupported version
    [InlineData("\", \"priority\": \"ERROR\"}", true)]   // extra outer keys do not matter
    [InlineData("\"} x", false)]
    [InlineData("\"", false)]
    [InlineData("", false)]
    public void AnythingElseAfterTheStringTakesTheGeneralPath(string ending, bool decoded)
    {
        var result = DecodeText(KombuPrefix + """{\"priority\": \"INFO\"}""" + ending);

        Assert.Equal(decoded ? DecodeStatus.Decoded : DecodeStatus.Malformed, result.Status);
        result.Notification?.Dispose();
    }

    [Fact]
    public void SurrogatePairsBecomeFourByteUtf8()
    {
        // The pair is escaped in the envelope string itself, so the inner JSON holds the raw character.
        using var notification = Decoded(DecodeText(KombuPrefix + """{\"priority\": \"INFO\", \"event_type\": \"\ud83d\ude00\"}""" + "\"}"));

        Assert.Equal("\U0001F600", notification.EventType.GetString());
        Assert.Equal(Encoding.UTF8.GetBytes("\"\U0001F600\""), System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(notification.EventType).ToArray());
    }

    [Fact]
    public void RunsOfEveryLengthAroundEscapesDecodeLikeTheGeneralPath()
    {
        // The fast path copies 16-byte blocks between escapes: cover every run length across block boundaries.
        for (var length = 0; length <= 40; length++)
        {
            var run = new string('a', length) + "\u00e9" + new string('b', 40 - length);
            var escaped = $$"""{\"priority\": \"INFO\", \"event_type\": \"{{run}}\\\"{{run}}\"}""";

            using var fast = Decoded(DecodeText(KombuPrefix + escaped + "\"}"));
            using var general = Decoded(DecodeText(CompactPrefix + escaped + "\"}"));

            Assert.Equal(general.EventType.GetString(), fast.EventType.GetString());
            Assert.Equal(new string('a', length) + "\u00e9" + new string('b', 40 - length) + "\"" + new string('a', length) + "\u00e9" + new string('b', 40 - length), fast.EventType.GetString());
        }
    }
}
