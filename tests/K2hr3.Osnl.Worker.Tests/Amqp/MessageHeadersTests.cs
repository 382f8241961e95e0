namespace K2hr3.Tests.Amqp;

public sealed class MessageHeadersTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData(3, 3)]
    [InlineData(4L, 4)]
    [InlineData((byte)5, 5)]
    [InlineData(-2, 0)]
    [InlineData("7", 7)]
    [InlineData("x", 0)]
    public void RedeliveryCountIsReadFromAnyIntegerEncoding(object? value, int expected)
    {
        var properties = new BasicProperties { Headers = new Dictionary<string, object?>() };
        if (value is not null)
        {
            properties.Headers[MessageHeaders.Redeliveries] = value is string text ? Encoding.UTF8.GetBytes(text) : value;
        }

        Assert.Equal(expected, MessageHeaders.ReadRedeliveries(properties));
    }

    [Fact]
    public void CopyKeepsPropertiesAndExistingHeaders()
    {
        var original = new BasicProperties
        {
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { ["traceparent"] = Encoding.UTF8.GetBytes("x") },
        };

        var copy = MessageHeaders.CopyWith(original, new Dictionary<string, object?> { [MessageHeaders.Redeliveries] = 1 });

        Assert.Equal("application/json", copy.ContentType);
        Assert.Equal("utf-8", copy.ContentEncoding);
        Assert.True(copy.Persistent);
        Assert.Equal(1, copy.Headers![MessageHeaders.Redeliveries]);
        Assert.True(copy.Headers.ContainsKey("traceparent"));
        Assert.False(original.Headers.ContainsKey(MessageHeaders.Redeliveries));
    }

    [Fact]
    public void TraceParentHeaderBecomesTheRemoteParent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spanId = ActivitySpanId.CreateRandom();
        var properties = new BasicProperties
        {
            Headers = OsloAmqpProperties.TraceParent(traceId, spanId),
        };

        var parent = MessageHeaders.ExtractTraceParent(properties);

        Assert.Equal(traceId, parent.TraceId);
        Assert.Equal(spanId, parent.SpanId);
        Assert.True(parent.IsRemote);
        Assert.Equal(default, MessageHeaders.ExtractTraceParent(new BasicProperties()));
    }
}
