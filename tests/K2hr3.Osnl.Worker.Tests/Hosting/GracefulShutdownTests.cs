namespace K2hr3.Tests.Hosting;

/// <summary>
/// Stopping (SIGTERM/SIGINT, §9 #22): consumers are cancelled, in-flight messages finish within the shutdown grace and
/// are acked; what cannot finish in time stays unacked and goes back to the queue for the next consumer.
/// </summary>
public sealed class GracefulShutdownTests(RabbitMqBrokerFixture brokers) : MessagePathTests(brokers)
{
    [Fact]
    public async Task InFlightMessagesFinishWithinTheGraceAndAreAcked()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync(faultEveryRequest: ApiFault.Delay(TimeSpan.FromSeconds(2)));
        settings = settings with { Processing = settings.Processing with { ShutdownGrace = TimeSpan.FromSeconds(10), Concurrency = 4 } };
        var worker = await InProcessWorker.StartAsync(settings);
        await using (worker)
        {
            await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);
            for (var i = 0; i < 3; i++)
            {
                await amqp.PublishAsync("neutron", "notifications", OsloPublisher.NeutronPortDelete(Guid.NewGuid().ToString()));
            }

            await api.WaitForRequestsAsync(3, TestConstants.DefaultTimeout);
            var stopwatch = Stopwatch.StartNew();
            await worker.StopAsync();
            stopwatch.Stop();

            Assert.True(stopwatch.Elapsed < settings.Processing.ShutdownGrace, $"stop took {stopwatch.Elapsed}");
            Assert.Equal([204, 204, 204], api.DeleteRequests.Select(request => request.ResponseStatus));
            var queue = (await broker.ListQueuesAsync(virtualHost, Token))["k2hr3_osnl"];
            Assert.Equal(new QueueCounts(0, 0, 0), queue);
            Assert.Contains(worker.LogMessages, line => line.StartsWith("Stopping: cancelled the consumers", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task MessagesThatOutlastTheGraceAreLeftForRedelivery()
    {
        var (broker, virtualHost, api, settings) = await StartBrokerAndApiAsync(faultEveryRequest: ApiFault.Delay(TimeSpan.FromSeconds(20)));
        settings = settings with
        {
            Api = settings.Api with { Timeout = TimeSpan.FromSeconds(30) },
            Processing = settings.Processing with { ShutdownGrace = TimeSpan.FromSeconds(1) },
        };
        var worker = await InProcessWorker.StartAsync(settings);
        await using (worker)
        {
            await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token);
            await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));
            await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout);

            var stopwatch = Stopwatch.StartNew();
            await worker.StopAsync();

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stop took {stopwatch.Elapsed}");
            await Eventually.WaitUntilAsync(
                async () => (await broker.ListQueuesAsync(virtualHost, Token))["k2hr3_osnl"] is { Ready: 1, Unacknowledged: 0 },
                TestConstants.DefaultTimeout,
                "the unfinished message to be back in the queue");
            Assert.Contains(worker.LogMessages, line => line.StartsWith("Shutdown grace exceeded", StringComparison.Ordinal));
        }
    }
}
