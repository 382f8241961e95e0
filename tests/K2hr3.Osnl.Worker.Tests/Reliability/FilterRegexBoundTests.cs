using K2hr3.Tests.Notifications;

namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: a pathological filter pattern in the configuration is bounded, not rejected. Patterns the linear-time
/// engine can run (<c>^(a+)+$</c>) cannot backtrack at all; patterns that need the backtracking engine
/// (backreferences, lookarounds) run with <c>[worker] regex_timeout_ms</c>, and a message whose match exceeds it is
/// acked and logged once — the worker does not hang and goes on with the next message.
/// </summary>
public sealed class FilterRegexBoundTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public void NestedQuantifierPatternIsLinearOnAHostileValue()
    {
        var matchTimeout = TimeSpan.FromSeconds(1);
        var filter = NotificationFilter.Create(new FilterSettings("^(a+)+$", null, null, null, null), matchTimeout);
        using var notification = DecodeHelpers.Decoded(DecodeHelpers.DecodeV2($$"""{"publisher_id": "{{new string('a', 100_000)}}b", "priority": "INFO"}"""));

        var stopwatch = Stopwatch.StartNew();
        var result = filter.Match(notification);

        // A backtracking engine needs ~2^100000 steps here; the linear one scans the value once.
        Assert.Equal(new FilterResult(FilterOutcome.NotMatched, NotificationFilter.PublisherIdField), result);
        Assert.True(stopwatch.Elapsed < matchTimeout, $"took {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task MessageThatExceedsTheMatchTimeoutIsAckedAndLoggedOnceAndTheWorkerGoesOn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);

        // The backreference forces the backtracking engine; "aaa…a!" makes (a+)+ explode exponentially.
        var source = TestSettings.NeutronSource() with
        {
            Filter = new FilterSettings(@"^network.*$", @"^(port\.delete\.end|(?P<x>(a+)+)(?P=x)b)$", null, null, null),
        };
        var settings = TestSettings.For(broker, virtualHost, api.RoleUri, source);
        // Cuts the hostile value (hours of backtracking) for certain; the valid message's checks stay far below it under load.
        settings = settings with { Processing = settings.Processing with { RegexMatchTimeout = TimeSpan.FromMilliseconds(200) } };
        var hostile = OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString()) with { EventType = new string('a', 40) + "!" };
        var valid = OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString());
        string[] messageIds = [hostile.MessageId, valid.MessageId];
        var processed = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = activitySource => activitySource.Name == OsnlTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests' workers run in this process too: only this test's two messages count.
                if (activity.Kind == ActivityKind.Consumer && activity.GetTagItem(OsnlTelemetry.Tags.MessagingMessageId) is string id && messageIds.Contains(id))
                {
                    lock (processed)
                    {
                        processed.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var worker = await InProcessWorker.StartAsync(settings);
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
        await amqp.PublishAsync("neutron", "notifications", hostile);
        await amqp.PublishAsync("neutron", "notifications", valid);

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout));
        Assert.Equal(valid.Payload!["port"]!["device_id"]!.GetValue<string>(), delete.Query["cuk"]);
        await Eventually.WaitUntilAsync(() => { lock (processed) { return processed.Count == 2; } }, TestConstants.DefaultTimeout, "both messages to be processed");
        var timedOut = Assert.Single(processed, activity => (string?)activity.GetTagItem(OsnlTelemetry.Tags.Outcome) == "filter_timed_out");
        Assert.Equal("ack", timedOut.GetTagItem(OsnlTelemetry.Tags.Action));
        Assert.Equal(hostile.MessageId, timedOut.GetTagItem(OsnlTelemetry.Tags.MessagingMessageId));

        // Bounded by the 200 ms time-out (plus decoding and settling); unbounded would be hours.
        Assert.True(timedOut.Duration < TimeSpan.FromSeconds(2), $"the hostile message took {timedOut.Duration.TotalMilliseconds:0} ms");
        Assert.Single(worker.LogMessages, line => line.Contains(hostile.MessageId, StringComparison.Ordinal));
        Assert.Contains(
            worker.LogMessages,
            line => line.Contains(hostile.MessageId, StringComparison.Ordinal) && line.Contains("the event_type regex exceeded its match time-out", StringComparison.Ordinal));
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
    }
}
