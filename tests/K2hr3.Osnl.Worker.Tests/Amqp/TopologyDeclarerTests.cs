using RabbitMQ.Client.Exceptions;

namespace K2hr3.Tests.Amqp;

/// <summary>Declarations on a real broker: compatible with oslo's own declarations, loud on a durability mismatch.</summary>
public sealed class TopologyDeclarerTests(RabbitMqBrokerFixture brokers)
{
    private static readonly ProcessingSettings Processing = new() { RedeliveryDelay = TimeSpan.FromSeconds(30) };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeclaresWhatOsloDeclaresSoBothCanShareTheQueue()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var plan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [] }, Processing);
        await using var client = await AmqpTestClient.ConnectAsync(broker, virtualHost, CancellationToken);

        await TopologyDeclarer.DeclareAsync(client.Channel, plan, CancellationToken);

        // oslo's listener declaration (exchange non-durable topic, queue non-durable without arguments) must be accepted.
        await client.Channel.ExchangeDeclareAsync("neutron", ExchangeType.Topic, durable: false, autoDelete: false, cancellationToken: CancellationToken);
        await client.Channel.QueueDeclareAsync("k2hr3_osnl", durable: false, exclusive: false, autoDelete: false, arguments: null, cancellationToken: CancellationToken);
        var queues = await broker.RunCtlAsync(["list_queues", "-p", virtualHost, "--no-table-headers", "--quiet", "name", "durable", "auto_delete", "arguments"], CancellationToken);
        Assert.Contains("k2hr3_osnl\tfalse\tfalse\t[]", queues, StringComparison.Ordinal);
        Assert.Contains("k2hr3_osnl.dead\tfalse\tfalse\t[]", queues, StringComparison.Ordinal);
        Assert.Contains("k2hr3_osnl.retry\tfalse\tfalse\t", queues, StringComparison.Ordinal);
        var bindings = await broker.RunCtlAsync(["list_bindings", "-p", virtualHost, "--no-table-headers", "--quiet", "source_name", "destination_name", "routing_key"], CancellationToken);
        Assert.Contains("neutron\tk2hr3_osnl\tnotifications.info", bindings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryQueueSendsExpiredMessagesBackToTheMainQueue()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var plan = TopologyPlan.For(
            TestSettings.NeutronSource(),
            new BrokerSettings { Endpoints = [] },
            Processing with { RedeliveryDelay = TimeSpan.FromMilliseconds(200) });
        await using var client = await AmqpTestClient.ConnectAsync(broker, virtualHost, CancellationToken);
        await TopologyDeclarer.DeclareAsync(client.Channel, plan, CancellationToken);

        await client.PublishNotificationAsync(string.Empty, plan.RetryQueue.Name, "{}", cancellationToken: CancellationToken);

        var back = await client.WaitForMessageAsync(plan.Queue.Name, TimeSpan.FromSeconds(10), CancellationToken);
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(back.Body.Span));
    }

    [Fact]
    public async Task ExistingDurableExchangeMakesANonDurableDeclarationFailWith406()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await using var client = await AmqpTestClient.ConnectAsync(broker, virtualHost, CancellationToken);
        await client.Channel.ExchangeDeclareAsync("neutron", ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: CancellationToken);
        await using var connection = await broker.CreateConnectionFactory(virtualHost).CreateConnectionAsync(CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken);
        var plan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [] }, Processing);

        var conflict = await Assert.ThrowsAsync<OperationInterruptedException>(() => TopologyDeclarer.DeclareAsync(channel, plan, CancellationToken));

        Assert.Equal((ushort)406, conflict.ShutdownReason?.ReplyCode ?? 0);
        Assert.Contains("inequivalent arg 'durable'", conflict.ShutdownReason?.ReplyText, StringComparison.Ordinal);

        // With ?amqp_durable_queues=true the same objects are accepted.
        await using var durableChannel = await connection.CreateChannelAsync(cancellationToken: CancellationToken);
        var durablePlan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [], Durable = true }, Processing);
        await TopologyDeclarer.DeclareAsync(durableChannel, durablePlan, CancellationToken);
    }
}
