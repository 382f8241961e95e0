namespace K2hr3.Tests.Reliability;

/// <summary>The K2HR3 API answers 503 for 30 s (<see cref="ApiOutageScenario"/>). Its own class: runs beside the other outage.</summary>
public sealed class ApiServiceUnavailableOutageTests(RabbitMqBrokerFixture brokers)
{
    [Fact]
    public Task NothingIsLostAndRedeliveryIsPacedWhileTheApiAnswers503For30Seconds()
        => ApiOutageScenario.RunAsync(
            brokers,
            api =>
            {
                api.FaultEveryRequest = ApiFault.Status(503);
                return Task.CompletedTask;
            },
            api =>
            {
                api.FaultEveryRequest = null;
                return Task.CompletedTask;
            });
}
