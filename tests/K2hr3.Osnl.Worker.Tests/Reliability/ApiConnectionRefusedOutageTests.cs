namespace K2hr3.Tests.Reliability;

/// <summary>The K2HR3 API refuses connections for 30 s (<see cref="ApiOutageScenario"/>). Its own class: runs beside the other outage.</summary>
public sealed class ApiConnectionRefusedOutageTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public Task NothingIsLostAndRedeliveryIsPacedWhileTheApiRefusesConnectionsFor30Seconds()
        => ApiOutageScenario.RunAsync(
            brokers,
            api => api.StopListeningAsync(TestContext.Current.CancellationToken),
            api => api.ResumeListeningAsync(TestContext.Current.CancellationToken));
}
