namespace K2hr3.Tests.Amqp;

/// <summary>
/// The worker never gives up on a broker it cannot reach (like oslo): it reconnects after a broker restart and resumes.
/// A declaration conflict (406) cannot heal by retrying: it is explained in the log with the fix and the worker stops
/// with exit code 1, like upstream (osnl-compatibility.md §4.2, §9 #11).
/// </summary>
public sealed class BrokerConnectionTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public async Task WorkerReconnectsAfterABrokerRestartAndEveryDeleteArrives()
    {
        await using var broker = await RabbitMqBrokerFixture.StartDedicatedAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        var settings = TestSettings.For(broker, "/", api.RoleUri);
        settings = settings with { Broker = settings.Broker with { Durable = true } }; // ?amqp_durable_queues=true
        await using var worker = await InProcessWorker.StartAsync(settings);
        var cuks = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString()).ToList();

        // Slow API: some messages are in flight (unacked) when the broker goes down; they come back after the restart.
        api.FaultEveryRequest = ApiFault.Delay(TimeSpan.FromMilliseconds(700));
        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, "/", cancellationToken))
        {
            foreach (var cuk in cuks)
            {
                await amqp.PublishAsync("neutron", "notifications", OsloPublisher.NeutronPortDelete(cuk));
            }
        }

        await api.WaitForRequestsAsync(1, TestConstants.LongTimeout);
        await broker.StopAsync(cancellationToken);
        await Eventually.WaitUntilAsync(() => !worker.Status.Connected, TestConstants.LongTimeout, "the worker to notice the broker is gone");
        api.FaultEveryRequest = null;
        await broker.StartAsync(cancellationToken);
        TestContext.Current.SendDiagnosticMessage($"dedicated broker restarted in {broker.LastStartupTime.TotalSeconds:0.0} s");

        await worker.WaitUntilConsumingAsync(TestConstants.LongTimeout);
        await Eventually.WaitUntilAsync(
            () => cuks.All(cuk => api.DeleteRequests.Any(request => request.ResponseStatus == 204 && request.Query["cuk"] == cuk)),
            TestConstants.LongTimeout,
            "a successful DELETE for every published instance");
        Assert.Contains(worker.LogMessages, line => line.StartsWith("Lost the broker session", StringComparison.Ordinal));
        Assert.Contains(worker.LogMessages, line => line.StartsWith("Reconnecting to the broker in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailsOverToTheNextHostOfTheTransportUrl()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var settings = TestSettings.For(broker, virtualHost, api.RoleUri);
        var deadHost = new BrokerEndpoint("127.0.0.1", FreePort.Next(), "guest", "guest");
        settings = settings with { Broker = settings.Broker with { Endpoints = [deadHost, .. settings.Broker.Endpoints] } };

        await using var worker = await InProcessWorker.StartAsync(settings);
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, TestContext.Current.CancellationToken);
        await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));

        Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.LongTimeout));
        Assert.Contains(worker.LogMessages, line => line.StartsWith($"Broker {deadHost} unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DurabilityConflictIsLoggedWithTheFixOnceAndStopsTheWorkerWithExitCode1()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var openstack = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
        {
            // What an OpenStack deployment with amqp_durable_queues=true has declared already.
            await openstack.Channel.ExchangeDeclareAsync("neutron", ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        }

        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        await using var worker = await InProcessWorker.StartAsync(TestSettings.For(broker, virtualHost, api.RoleUri), waitUntilConsuming: false);

        const string Hint = "set ?amqp_durable_queues=true (or false) in transport_url to match the existing exchange/queue";
        await Eventually.WaitUntilAsync(
            () => worker.App.Lifetime.ApplicationStopping.IsCancellationRequested,
            TestConstants.LongTimeout,
            "the worker to stop itself after the 406");
        var fatal = worker.App.Services.GetRequiredService<FatalStop>();
        Assert.Equal(1, fatal.ExitCode);
        Assert.Contains("inequivalent arg 'durable' for exchange 'neutron'", fatal.Reason, StringComparison.Ordinal);
        var line = Assert.Single(worker.LogMessages, line => line.Contains("PRECONDITION_FAILED", StringComparison.Ordinal));
        Assert.Contains(Hint, line, StringComparison.Ordinal);
        Assert.Contains("inequivalent arg 'durable' for exchange 'neutron'", line, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.LogMessages, message => message.StartsWith("Reconnecting to the broker in", StringComparison.Ordinal));
    }
}
