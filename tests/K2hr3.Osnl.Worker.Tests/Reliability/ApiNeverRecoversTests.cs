namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: when the API never recovers, every message is dead-lettered after exactly the configured number of
/// redeliveries — no more calls after that, nothing left circulating.
/// </summary>
public sealed class ApiNeverRecoversTests(RabbitMqBrokerFixture brokers) : MessagePathTests(brokers)
{
    [Fact]
    public async Task EveryMessageIsDeadLetteredAfterTheConfiguredRedeliveriesAndCallsStop()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync(faultEveryRequest: ApiFault.Status(503));
        settings = settings with
        {
            Api = settings.Api with { RequeueOnError = true, RetryServerErrors = true, MaxRetries = 1, RetryInterval = TimeSpan.FromMilliseconds(50) },
            Processing = settings.Processing with { RedeliveryDelay = TimeSpan.FromMilliseconds(500), MaxRedeliveries = 3 },
        };
        var attemptsPerMessage = (settings.Processing.MaxRedeliveries + 1) * (settings.Api.MaxRetries + 1);
        await using var worker = await InProcessWorker.StartAsync(settings);
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);
        var messages = ReliabilityScale.Messages(50, floor: 10);
        var cuks = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid().ToString()).ToList();
        var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());

        await amqp.PublishAllAsync("neutron", "notifications.info", cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk))), Token);

        await Eventually.WaitUntilAsync(
            async () => await amqp.ReadyCountAsync("k2hr3_osnl.dead", Token) == messages,
            TestConstants.LongTimeout,
            $"all {messages} messages in k2hr3_osnl.dead");
        var callsWhenParked = api.DeleteRequests.Count;

        // Longer than two more redelivery rounds would take: nothing is still circulating.
        await Task.Delay(settings.Processing.RedeliveryDelay * 4, Token);
        Assert.Equal(callsWhenParked, api.DeleteRequests.Count);
        Assert.Equal(messages * attemptsPerMessage, callsWhenParked);
        Assert.All(
            api.DeleteRequests.GroupBy(request => request.Query["cuk"]),
            perMessage => Assert.Equal(attemptsPerMessage, perMessage.Count()));

        var parked = new List<string>();
        while (await amqp.GetAsync("k2hr3_osnl.dead", Token) is { } message)
        {
            Assert.Equal(settings.Processing.MaxRedeliveries, MessageHeaders.ReadRedeliveries(message.BasicProperties));
            Assert.Contains("503", Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers![MessageHeaders.LastError]!), StringComparison.Ordinal);
            parked.Add(Encoding.UTF8.GetString(message.Body.Span));
        }

        Assert.Equal(messages, parked.Count);
        Assert.All(cuks, cuk => Assert.Single(parked, body => body.Contains(cuk, StringComparison.Ordinal)));
        var queues = await broker.ListQueuesAsync(virtualHost, Token);
        Assert.Equal(new QueueCounts(0, 0, 1), queues["k2hr3_osnl"]);
        Assert.Equal(0, queues["k2hr3_osnl.retry"].Ready);
        Assert.Equal(messages, worker.LogMessages.Count(line => line.Contains("parked in k2hr3_osnl.dead after 3 redeliveries", StringComparison.Ordinal)));
    }
}
