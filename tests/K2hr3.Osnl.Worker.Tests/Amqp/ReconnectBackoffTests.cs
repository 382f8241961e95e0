namespace K2hr3.Tests.Amqp;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void FollowsOslosScheduleCappedAtTheMaximumAndRestartsAfterReset()
    {
        var backoff = new ReconnectBackoff(new BrokerSettings { Endpoints = [] }); // defaults 1 s, +2 s, ≤ 30 s

        var delays = Enumerable.Range(0, 17).Select(_ => backoff.Next().TotalSeconds).ToList();

        Assert.Equal([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 30, 30], delays);
        backoff.Reset();
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }
}
