namespace K2hr3.Tests.Processing;

/// <summary>
/// A failing K2HR3 API (osnl-compatibility.md §8.5/§8.6) end to end: acked when requeue is off; with requeue_on_error a delayed,
/// bounded redelivery through the retry queue and then the dead-letter queue — never upstream's hot loop (osnl-compatibility.md §9 #3);
/// and a success after a time-out is final (osnl-compatibility.md §9 #1: no second DELETE after the 204).
/// </summary>
public sealed class ApiFailureHandlingTests(RabbitMqBrokerFixture brokers) : MessagePathTests(brokers)
{
    [Fact]
    public async Task ServerErrorWithoutRequeueIsOneDeleteThenAck()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync(faultEveryRequest: ApiFault.Status(500));
        await using var worker = await InProcessWorker.StartAsync(settings with { Api = settings.Api with { RequeueOnError = false } });
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);

        await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));

        await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout);
        await worker.WaitForSettledAsync(1, TestConstants.DefaultTimeout);
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
        Assert.Equal([500], api.DeleteRequests.Select(request => request.ResponseStatus));
        Assert.Equal(0u, await amqp.ReadyCountAsync("k2hr3_osnl.retry", Token));
        Assert.Equal(0u, await amqp.ReadyCountAsync("k2hr3_osnl.dead", Token));
    }

    [Fact]
    public async Task ServerErrorWithRequeueIsRedeliveredAfterTheDelayABoundedNumberOfTimesThenParked()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync(faultEveryRequest: ApiFault.Status(500));
        settings = settings with
        {
            Api = settings.Api with { RequeueOnError = true, MaxRetries = 0 },
            Processing = settings.Processing with { RedeliveryDelay = TimeSpan.FromMilliseconds(500), MaxRedeliveries = 2 },
        };
        await using var worker = await InProcessWorker.StartAsync(settings);
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);

        await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));

        var parked = await amqp.WaitForMessageAsync("k2hr3_osnl.dead", TestConstants.DefaultTimeout, Token);
        var deletes = api.DeleteRequests;
        Assert.Equal(3, deletes.Count); // first delivery + 2 redeliveries
        for (var i = 1; i < deletes.Count; i++)
        {
            Assert.True(deletes[i].ReceivedAt - deletes[i - 1].ReceivedAt >= TimeSpan.FromMilliseconds(450), "redelivered before the delay");
        }

        var headers = parked.BasicProperties.Headers!;
        Assert.Equal(2, MessageHeaders.ReadRedeliveries(parked.BasicProperties));
        Assert.Contains("500", Encoding.UTF8.GetString((byte[])headers[MessageHeaders.LastError]!), StringComparison.Ordinal);
        Assert.Equal("default", Encoding.UTF8.GetString((byte[])headers[MessageHeaders.Source]!));
        Assert.True(parked.BasicProperties.Persistent);
        Assert.Equal("application/json", parked.BasicProperties.ContentType);

        // Parked means done: no further DELETE, nothing left in the queues.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        Assert.Equal(3, api.DeleteRequests.Count);
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
        Assert.Equal(0u, await amqp.ReadyCountAsync("k2hr3_osnl.retry", Token));
    }

    [Fact]
    public async Task SuccessAfterATimeoutIsFinalEvenWithRequeue()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync();
        api.EnqueueFaults(ApiFault.Delay(TimeSpan.FromSeconds(5)));
        settings = settings with { Api = settings.Api with { RequeueOnError = true, MaxRetries = 2, Timeout = TimeSpan.FromSeconds(1) } };
        await using var worker = await InProcessWorker.StartAsync(settings);
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);

        await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));

        await api.WaitForRequestsAsync(2, TestConstants.DefaultTimeout);
        await worker.WaitForSettledAsync(1, TestConstants.DefaultTimeout);
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);

        // Longer than a redelivery would take: upstream sent the DELETE a third time here.
        await Task.Delay(settings.Processing.RedeliveryDelay + TimeSpan.FromSeconds(1), Token);
        Assert.Equal([null, 204], api.DeleteRequests.Select(request => request.ResponseStatus));
        Assert.Contains(worker.LogMessages, line => line.Contains("HTTP 204 after 2 attempt(s)", StringComparison.Ordinal));
    }
}
