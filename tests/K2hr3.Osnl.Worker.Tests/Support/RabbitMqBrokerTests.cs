namespace K2hr3.Tests.Support;

/// <summary>The shared test broker itself: private, loopback-only, vhost isolation, inspection helpers.</summary>
public sealed class RabbitMqBrokerTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public async Task SharedBrokerAcceptsConnectionsOnLoopbackAndIsolatesVirtualHosts()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        TestContext.Current.SendDiagnosticMessage($"broker {broker.NodeName} started in {broker.LastStartupTime.TotalSeconds:0.0} s");

        Assert.Equal("127.0.0.1", broker.AmqpUri.Host);
        Assert.True(broker.IsRunning);

        await using var client = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
        await client.Channel.QueueDeclareAsync("probe", durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await client.PublishNotificationAsync(string.Empty, "probe", "{\"a\":1}", cancellationToken: cancellationToken);

        var queues = await broker.ListQueuesAsync(virtualHost, cancellationToken);
        Assert.Equal(new QueueCounts(1, 0, 0), queues["probe"]);
        Assert.DoesNotContain("probe", (await broker.ListQueuesAsync("/", cancellationToken)).Keys);

        var message = await client.WaitForMessageAsync("probe", TimeSpan.FromSeconds(5), cancellationToken);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal("application/json", message.BasicProperties.ContentType);
        Assert.Equal("utf-8", message.BasicProperties.ContentEncoding);
        Assert.True(message.BasicProperties.Persistent);
    }

    [Fact]
    public async Task PolicyCommandsReachThePrivateNode()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;

        await broker.SetPolicyAsync(virtualHost, "dlx", "^work$", "{\"dead-letter-exchange\":\"\",\"dead-letter-routing-key\":\"parked\"}", cancellationToken: cancellationToken);
        await using var client = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
        await client.Channel.QueueDeclareAsync("work", durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await client.Channel.QueueDeclareAsync("parked", durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await client.PublishNotificationAsync(string.Empty, "work", "x", cancellationToken: cancellationToken);

        var delivered = await client.Channel.BasicGetAsync("work", autoAck: false, cancellationToken);
        Assert.NotNull(delivered);
        await client.Channel.BasicRejectAsync(delivered.DeliveryTag, requeue: false, cancellationToken);

        var parked = await client.WaitForMessageAsync("parked", TimeSpan.FromSeconds(10), cancellationToken);
        Assert.Equal("x", Encoding.UTF8.GetString(parked.Body.Span));
    }
}
