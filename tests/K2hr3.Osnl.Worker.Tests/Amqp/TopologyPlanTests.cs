namespace K2hr3.Tests.Amqp;

/// <summary>The declarations match oslo's rabbit driver exactly (osnl-compatibility.md §4.1/§4.2) plus our retry/dead queues.</summary>
public sealed class TopologyPlanTests
{
    private static readonly ProcessingSettings Processing = new() { RedeliveryDelay = TimeSpan.FromSeconds(30) };

    [Fact]
    public void DefaultsAreOslosNonDurableTopicExchangeAndArgumentlessQueue()
    {
        var plan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [] }, Processing);

        Assert.Equal(new ExchangeDeclaration("neutron", "topic", Durable: false, AutoDelete: false), plan.Exchange);
        Assert.Equal("k2hr3_osnl", plan.Queue.Name);
        Assert.False(plan.Queue.Durable);
        Assert.False(plan.Queue.AutoDelete);
        Assert.Empty(plan.Queue.Arguments);
        Assert.Equal("notifications.info", plan.RoutingKey);
    }

    [Fact]
    public void RetryQueueDelaysThenDeadLettersBackIntoTheMainQueue()
    {
        var plan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [], Durable = true }, Processing);

        Assert.Equal("k2hr3_osnl.retry", plan.RetryQueue.Name);
        Assert.True(plan.RetryQueue.Durable);
        Assert.False(plan.RetryQueue.AutoDelete);
        Assert.Equal(30_000L, plan.RetryQueue.Arguments["x-message-ttl"]);
        Assert.Equal(string.Empty, plan.RetryQueue.Arguments["x-dead-letter-exchange"]);
        Assert.Equal("k2hr3_osnl", plan.RetryQueue.Arguments["x-dead-letter-routing-key"]);
        Assert.Equal(new QueueDeclaration("k2hr3_osnl.dead", true, false, new Dictionary<string, object?>()).Name, plan.DeadLetterQueue.Name);
        Assert.True(plan.DeadLetterQueue.Durable);
        Assert.Empty(plan.DeadLetterQueue.Arguments);
    }

    [Fact]
    public void QuorumForcesDurabilityAndAddsTheQueueTypeAndDeliveryLimit()
    {
        var broker = new BrokerSettings { Endpoints = [], QuorumQueue = true, QuorumDeliveryLimit = 5, AutoDelete = true };

        var plan = TopologyPlan.For(TestSettings.NeutronSource(), broker, Processing);

        Assert.True(plan.Exchange.Durable);
        Assert.True(plan.Queue.Durable);
        Assert.False(plan.Queue.AutoDelete);
        Assert.Equal("quorum", plan.Queue.Arguments["x-queue-type"]);
        Assert.Equal(5, plan.Queue.Arguments["x-delivery-limit"]);
        Assert.Equal(2, plan.Queue.Arguments.Count);
    }

    [Fact]
    public void HaQueuesAddOnlyTheHaPolicyArgument()
    {
        var plan = TopologyPlan.For(TestSettings.NeutronSource(), new BrokerSettings { Endpoints = [], HaQueues = true }, Processing);

        Assert.Equal("all", Assert.Single(plan.Queue.Arguments, argument => argument.Key == "x-ha-policy").Value);
        Assert.Single(plan.Queue.Arguments);
    }

    [Fact]
    public void EmptyPoolMeansTopicDotInfoQueueAndEmptyExchangeMeansOpenstack()
    {
        var source = TestSettings.NeutronSource() with { Pool = string.Empty, Exchange = string.Empty, Topic = "versioned_notifications" };

        var plan = TopologyPlan.For(source, new BrokerSettings { Endpoints = [] }, Processing);

        Assert.Equal("versioned_notifications.info", plan.Queue.Name);
        Assert.Equal("openstack", plan.Exchange.Name);
        Assert.Equal("versioned_notifications.info.retry", plan.RetryQueue.Name);
    }
}
