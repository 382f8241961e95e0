namespace K2hr3.Tests.Hosting;

/// <summary>
/// The worker in-process against a real broker and the K2HR3 API double: upstream's three samples, published as oslo
/// publishes them, become exactly upstream's DELETE (osnl-compatibility.md §8.4) and are acked; other messages are settled per osnl-compatibility.md §8.6.
/// </summary>
public sealed class SampleNotificationTests(RabbitMqBrokerFixture brokers)
{
    public static TheoryData<string, string> Samples => new()
    {
        { "notifications_neutron.json", "neutron" },
        { "notifications_nova.json", "compute" },
        { "versioned_notifications_nova.json", "nova_compute" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task UpstreamSampleBecomesExactlyTheExpectedDeleteAndIsAcked(string sampleFile, string sampleConf)
    {
        var source = sampleConf switch
        {
            "neutron" => TestSettings.NeutronSource(),
            "compute" => TestSettings.ComputeSource(),
            _ => TestSettings.NovaComputeSource(),
        };
        await using var stack = await Stack.StartAsync(brokers, source);
        var (broker, virtualHost, api, worker, amqp) = stack;

        await amqp.PublishAsync(source.Exchange, source.Topic, OsloPublisher.Sample(sampleFile));

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout));
        const string Cuk = "12345678-1234-5678-1234-567812345678";
        if (sampleConf == "neutron")
        {
            Assert.Equal($"/v1/role?extra=openstack-auto-v1&cuk={Cuk}&host=%5B%22172.16.0.1%22%2C%20%222001%3Adb8%3A%3A6%22%5D", delete.RawTarget);
            Assert.Equal(
                new Dictionary<string, string> { ["extra"] = "openstack-auto-v1", ["cuk"] = Cuk, ["host"] = "[\"172.16.0.1\", \"2001:db8::6\"]" },
                delete.Query);
        }
        else
        {
            Assert.Equal($"/v1/role?extra=openstack-auto-v1&cuk={Cuk}", delete.RawTarget);
        }

        Assert.Equal(204, delete.ResponseStatus);
        await worker.WaitForSettledAsync(1, TestConstants.DefaultTimeout);
        await broker.WaitUntilQueueSettledAsync(virtualHost, source.Pool, TestConstants.DefaultTimeout);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task FilteredOutNotificationIsAckedWithoutACall()
    {
        await using var stack = await Stack.StartAsync(brokers);
        var (broker, virtualHost, api, worker, amqp) = stack;
        using var settled = new MetricCollector<long>(worker.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), OsnlTelemetry.Name, "k2hr3.osnl.messages");

        await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json") with { EventType = "port.create.end" });

        await settled.WaitForMeasurementsAsync(1, TestConstants.DefaultTimeout);
        var measurement = Assert.Single(settled.GetMeasurementSnapshot());
        Assert.Equal("filtered_out", measurement.Tags[OsnlTelemetry.Tags.Outcome]);
        Assert.Equal("ack", measurement.Tags[OsnlTelemetry.Tags.Action]);
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task RepeatedUniqueIdIsAckedAsADuplicateWithoutASecondCall()
    {
        await using var stack = await Stack.StartAsync(brokers);
        var (broker, virtualHost, api, worker, amqp) = stack;
        var message = OsloPublisher.Sample("notifications_neutron.json");

        await amqp.PublishAsync("neutron", "notifications", message);
        await worker.WaitForSettledAsync(1, TestConstants.DefaultTimeout);
        await amqp.PublishAsync("neutron", "notifications", message); // same bytes, same _unique_id

        await worker.WaitForSettledAsync(2, TestConstants.DefaultTimeout);
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
        Assert.Single(api.DeleteRequests);
        Assert.Contains(worker.LogMessages, line => line.Contains("duplicate _unique_id " + message.UniqueId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedMessageIsRejectedIntoTheQueuesDeadLetterExchangeWithoutACall()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var stack = await Stack.StartAsync(brokers, deadLetterToRejected: true);
        var (broker, virtualHost, api, worker, amqp) = stack;

        await amqp.PublishNotificationAsync("neutron", "notifications.info", "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{not json\"}", cancellationToken: cancellationToken);

        var rejected = await amqp.WaitForMessageAsync("rejected", TestConstants.DefaultTimeout, cancellationToken);
        Assert.StartsWith("{\"oslo.version\"", Encoding.UTF8.GetString(rejected.Body.Span), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
        Assert.Contains(worker.LogMessages, line => line.Contains("Rejected message", StringComparison.Ordinal) && line.Contains("malformed", StringComparison.Ordinal));
    }

    /// <summary>Payloads that name no deletable VM: ordinary neutron traffic on a real cloud, not poison.</summary>
    public static TheoryData<string> NotAVm => new()
    {
        "dhcp-port", // DHCP agent ports: device_id "dhcp<host uuid>-<network uuid>"
        "device-id-is-a-number",
        "ip-with-a-zone-id", // glibc inet_pton rejects zone ids
        "ip-is-a-number",
    };

    [Theory]
    [MemberData(nameof(NotAVm))]
    public async Task NotificationThatNamesNoVmIsAckedWithOneLineAndNoCallDespiteADeadLetterPolicy(string variant)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var stack = await Stack.StartAsync(brokers, deadLetterToRejected: true);
        var (broker, virtualHost, api, worker, amqp) = stack;
        var message = OsloPublisher.NeutronPortDelete(Guid.NewGuid().ToString());
        var payload = message.Payload!.DeepClone();
        var port = payload["port"]!;
        switch (variant)
        {
            case "dhcp-port":
                port["device_id"] = "dhcpd3377d3c-a0d1-5d71-9947-f17125c357bb-20e9dd95-5bd7-4e1f-9b58-a2e7c0da3a13";
                break;
            case "device-id-is-a-number":
                port["device_id"] = 12345678;
                break;
            case "ip-with-a-zone-id":
                port["fixed_ips"]![0]!["ip_address"] = "fe80::1%eth0";
                break;
            default:
                port["fixed_ips"]![0]!["ip_address"] = 2886729729;
                break;
        }

        await amqp.PublishAsync("neutron", "notifications", message with { Payload = payload });

        await Eventually.WaitUntilAsync(() => worker.LogMessages.Any(text => text.Contains("not a VM", StringComparison.Ordinal)), TestConstants.DefaultTimeout, "the not-a-VM line");
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.DefaultTimeout);
        Assert.Equal(0u, await amqp.ReadyCountAsync("rejected", cancellationToken));
        Assert.Empty(api.Requests);
        var line = Assert.Single(worker.Logs.GetSnapshot(), record => record.Message.Contains(message.MessageId, StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
        Assert.Contains("without a K2HR3 call: not a VM", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublisherTraceContinuesThroughTheConsumerSpanIntoTheDelete()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var traceId = ActivityTraceId.CreateRandom();
        var publisherSpan = ActivitySpanId.CreateRandom();
        var consumerSpans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OsnlTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId && activity.Kind == ActivityKind.Consumer)
                {
                    lock (consumerSpans)
                    {
                        consumerSpans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var worker = await InProcessWorker.StartAsync(TestSettings.For(broker, virtualHost, api.RoleUri));
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, TestContext.Current.CancellationToken);

        await amqp.PublishAsync(
            "neutron",
            "notifications",
            OsloPublisher.Sample("notifications_neutron.json"),
            OsloAmqpProperties.TraceParent(traceId, publisherSpan));

        var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout));
        Assert.StartsWith($"00-{traceId}-", delete.Headers["traceparent"], StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => { lock (consumerSpans) { return consumerSpans.Count == 1; } }, TestConstants.DefaultTimeout, "the consumer span to end");
        var consumer = consumerSpans[0];
        Assert.Equal(publisherSpan, consumer.ParentSpanId);
        Assert.Equal("deleted", consumer.GetTagItem(OsnlTelemetry.Tags.Outcome));
        Assert.Equal("12345678-1234-5678-1234-567812345678", consumer.GetTagItem(OsnlTelemetry.Tags.Cuk));
        Assert.Equal("rabbitmq", consumer.GetTagItem(OsnlTelemetry.Tags.MessagingSystem));
        Assert.Equal("default", consumer.GetTagItem(OsnlTelemetry.Tags.Source));
        Assert.Contains(consumer.Events, activityEvent => activityEvent.Name == "filter");
    }

    [Fact]
    public async Task HealthEndpointReportsBrokerAndConsumers()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var worker = await InProcessWorker.StartAsync(TestSettings.For(broker, virtualHost, api.RoleUri));
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TestConstants.DefaultTimeout };

        Assert.Equal("127.0.0.1", worker.BaseAddress.Host);
        Assert.Equal("Healthy", await http.GetStringAsync("/health", TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", await http.GetStringAsync("/alive", TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// A virtual host of the shared broker, the API double, the worker consuming from that host and a client to publish
    /// with; <c>deadLetterToRejected</c>: the worker's queue dead-letters into a declared queue <c>rejected</c>.
    /// </summary>
    private sealed record Stack(RabbitMqBroker Broker, string VirtualHost, K2hr3ApiDouble Api, InProcessWorker Worker, AmqpTestClient Amqp)
        : IAsyncDisposable
    {
        public static async Task<Stack> StartAsync(RabbitMqBrokerFixture brokers, SourceSettings? source = null, bool deadLetterToRejected = false)
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
            if (deadLetterToRejected)
            {
                await broker.SetPolicyAsync(virtualHost, "osnl-dlx", "^k2hr3_osnl$", "{\"dead-letter-exchange\":\"\",\"dead-letter-routing-key\":\"rejected\"}", cancellationToken: cancellationToken);
            }

            var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
            var worker = await InProcessWorker.StartAsync(source is null ? TestSettings.For(broker, virtualHost, api.RoleUri) : TestSettings.For(broker, virtualHost, api.RoleUri, source));
            var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
            if (deadLetterToRejected)
            {
                await amqp.Channel.QueueDeclareAsync("rejected", durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            }

            return new Stack(broker, virtualHost, api, worker, amqp);
        }

        public async ValueTask DisposeAsync()
        {
            await Amqp.DisposeAsync();
            await Worker.DisposeAsync();
            await Api.DisposeAsync();
        }
    }
}
