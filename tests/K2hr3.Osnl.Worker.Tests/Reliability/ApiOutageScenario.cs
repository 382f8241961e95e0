namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3's API outage: the K2HR3 API is unusable for 30 s while notifications keep coming, then recovers. With
/// <c>requeue_on_error</c> every message must still be deleted (nothing lost, nothing parked), and while the API is
/// down the worker must pace itself: each delivery makes at most max_retries + 1 attempts, a message comes back only
/// after redelivery_delay_seconds — where upstream redelivers at once, hundreds of times a second (osnl-compatibility.md §4.4, §9 #3).
/// Attempts are counted at the worker (its per-attempt duration metric), so a refused connection counts as well as a 503.
/// </summary>
internal static class ApiOutageScenario
{
    /// <summary>The outage the issue specifies; not scaled.</summary>
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(3);

    private const int MaxRetries = 1;
    private const int AttemptsPerDelivery = MaxRetries + 1;

    /// <summary>Event id of "K2HR3 call for {Cuk} ... failed ...; redelivery n of m in d s" (DeliveryProcessor).</summary>
    private const int RedeliveryScheduledEventId = 404;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(RabbitMqBrokerFixture brokers, Func<K2hr3ApiDouble, Task> startOutage, Func<K2hr3ApiDouble, Task> endOutage)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        var settings = TestSettings.For(broker, virtualHost, api.RoleUri);
        settings = settings with
        {
            Api = settings.Api with
            {
                RequeueOnError = true,
                RetryServerErrors = true, // a 503 or a refused connection is worth a second attempt within the delivery
                MaxRetries = MaxRetries,
                RetryInterval = TimeSpan.FromMilliseconds(50),
            },
            Processing = settings.Processing with
            {
                Concurrency = 16,
                RedeliveryDelay = RedeliveryDelay,

                // Enough redeliveries to outlast the outage: recovering must not depend on the dead-letter queue.
                MaxRedeliveries = (int)(Outage / RedeliveryDelay) * 2,
            },
        };
        await using var worker = await InProcessWorker.StartAsync(settings);
        using var attempts = new MetricCollector<double>(
            worker.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), OsnlTelemetry.Name, "k2hr3.osnl.api.duration");
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
        var messages = ReliabilityScale.Messages(100, floor: 20);
        var cuks = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid().ToString()).ToList();
        var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());

        await startOutage(api);
        var outageStart = DateTimeOffset.UtcNow;
        await amqp.PublishAllAsync("neutron", "notifications.info", cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk))), cancellationToken);
        await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (outageStart + Outage - DateTimeOffset.UtcNow).Ticks)), cancellationToken);
        await endOutage(api);
        var outageEnd = DateTimeOffset.UtcNow;

        await Eventually.WaitUntilAsync(
            () => DeletedCuks(api).Count == messages,
            RedeliveryDelay * 2 + Timeout,
            $"a 204 for each of the {messages} messages after the outage",
            TimeSpan.FromMilliseconds(250));

        // Nothing lost: every message deleted, none parked, every queue empty.
        Assert.Equal(cuks.ToHashSet(), DeletedCuks(api));
        await Eventually.WaitUntilAsync(
            async () => (await broker.ListQueuesAsync(virtualHost, cancellationToken)) is var queues
                && queues["k2hr3_osnl"] is { Ready: 0, Unacknowledged: 0 }
                && queues["k2hr3_osnl.retry"] is { Ready: 0 }
                && queues["k2hr3_osnl.dead"] is { Ready: 0 },
            Timeout,
            "the main, retry and dead-letter queues to be empty",
            TimeSpan.FromMilliseconds(500));

        // Paced: attempts during the outage, per second and in total, are bounded by the configuration.
        var failed = attempts.GetMeasurementSnapshot()
            .Where(attempt => attempt.Timestamp >= outageStart && attempt.Timestamp < outageEnd)
            .Select(attempt => attempt.Timestamp)
            .Order()
            .ToList();
        var deliveriesPerMessage = (int)Math.Ceiling(Outage / RedeliveryDelay) + 1;
        var totalBound = messages * AttemptsPerDelivery * deliveriesPerMessage;
        var busiestSecond = failed.Count == 0 ? 0 : failed.Max(start => failed.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        TestContext.Current.SendDiagnosticMessage(
            $"{messages} messages: {failed.Count} attempts during the {Outage.TotalSeconds:0} s outage (bound {totalBound}), busiest second {busiestSecond} (bound {messages * AttemptsPerDelivery})");
        Assert.InRange(failed.Count, messages * AttemptsPerDelivery * 2, totalBound);
        Assert.InRange(busiestSecond, 1, messages * AttemptsPerDelivery);

        // Per message: a redelivery is scheduled at most once per redelivery delay (the retry queue's TTL), and every
        // message went round several times while the API was down.
        var scheduled = RedeliveriesByCuk(worker.Logs);
        foreach (var cuk in cuks)
        {
            var times = scheduled.GetValueOrDefault(cuk, []);
            Assert.True(times.Count >= 2, $"{cuk} was redelivered {times.Count} time(s) during a {Outage.TotalSeconds:0} s outage");
            for (var i = 1; i < times.Count; i++)
            {
                var gap = times[i] - times[i - 1];
                // The log line is written after the republish is confirmed, so on a loaded machine one line can lag its
                // publish by hundreds of ms and the next gap looks shorter than the TTL. Half the delay still rules out
                // any hot loop (which redelivers within milliseconds) without flaking under load.
                Assert.True(gap >= RedeliveryDelay * 0.5, $"{cuk} was redelivered {gap.TotalMilliseconds:0} ms after the previous failure (delay {RedeliveryDelay.TotalSeconds} s)");
            }
        }
    }

    private static HashSet<string> DeletedCuks(K2hr3ApiDouble api)
        => api.DeleteRequests.Where(request => request.ResponseStatus == 204).Select(request => request.Query["cuk"]).ToHashSet();

    private static Dictionary<string, List<DateTimeOffset>> RedeliveriesByCuk(FakeLogCollector logs)
        => logs.GetSnapshot()
            .Where(record => record.Id.Id == RedeliveryScheduledEventId)
            .GroupBy(record => record.StructuredState!.First(pair => pair.Key == "Cuk").Value!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(record => record.Timestamp).Order().ToList(), StringComparer.Ordinal);
}
