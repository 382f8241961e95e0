namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: the broker is stopped and restarted while thousands of notifications flow. Every DELETE still arrives
/// (at-least-once: counted as distinct cuks, repeats allowed) and the same worker reconnects on its own.
/// </summary>
public sealed class BrokerRestartUnderLoadTests
{
    [Fact]
    public async Task EveryDeleteArrivesWhenTheBrokerRestartsWhileMessagesFlow()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var total = ReliabilityScale.Messages(5_000, floor: 500);
        var cuks = Enumerable.Range(0, total).Select(_ => Guid.NewGuid().ToString()).ToList();
        var beforeRestart = cuks[..(total / 2)];
        var afterRestart = cuks[(total / 2)..];

        // Durable queue + persistent messages (amqp_durable_queues=true), as a deployment that must survive broker restarts runs.
        await using var broker = await RabbitMqBrokerFixture.StartDedicatedAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);

        // A few ms per call keeps a backlog, so the broker goes down with messages both queued and in flight.
        api.FaultEveryRequest = ApiFault.Delay(TimeSpan.FromMilliseconds(5));
        var settings = TestSettings.For(broker, "/", api.RoleUri);
        settings = settings with { Broker = settings.Broker with { Durable = true, PrefetchCount = 64 } };
        await using var worker = await InProcessWorker.StartAsync(settings);

        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, "/", cancellationToken))
        {
            await amqp.PublishAllAsync("neutron", "notifications.info", Bodies(beforeRestart), cancellationToken);
        }

        await api.WaitForRequestsAsync(total / 10, TestConstants.ExtraLongTimeout);
        var deliveredBeforeStop = DistinctDeleted(api).Count;
        await broker.StopAsync(cancellationToken);
        await Eventually.WaitUntilAsync(() => !worker.Status.Connected, TestConstants.ExtraLongTimeout, "the worker to notice the broker is gone");
        await broker.StartAsync(cancellationToken);
        await worker.WaitUntilConsumingAsync(TestConstants.ExtraLongTimeout);

        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, "/", cancellationToken))
        {
            await amqp.PublishAllAsync("neutron", "notifications.info", Bodies(afterRestart), cancellationToken);
        }

        await Eventually.WaitUntilAsync(
            () => DistinctDeleted(api).Count == total,
            TestConstants.ExtraLongTimeout,
            $"a 204 for each of the {total} cuks",
            TimeSpan.FromMilliseconds(250));

        Assert.True(deliveredBeforeStop < beforeRestart.Count, $"the broker stopped only after all {deliveredBeforeStop} messages were delivered: nothing was in flight");
        Assert.Equal(cuks.ToHashSet(), DistinctDeleted(api));
        Assert.Contains(worker.LogMessages, line => line.StartsWith("Lost the broker session", StringComparison.Ordinal));
        await broker.WaitUntilQueueSettledAsync("/", "k2hr3_osnl", TestConstants.ExtraLongTimeout);
        TestContext.Current.SendDiagnosticMessage(
            $"{total} messages, {deliveredBeforeStop} delivered before the stop, {api.DeleteRequests.Count} DELETEs in all (repeats = at-least-once), broker restart {broker.LastStartupTime.TotalSeconds:0.0} s");
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Bodies(IEnumerable<string> cuks)
    {
        var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());
        return cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk)));
    }

    private static HashSet<string> DistinctDeleted(K2hr3ApiDouble api)
        => api.DeleteRequests.Where(request => request.ResponseStatus == 204).Select(request => request.Query["cuk"]).ToHashSet();
}
