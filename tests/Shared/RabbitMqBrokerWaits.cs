namespace K2hr3.Tests.Support;

/// <summary>
/// Test-side waits on a <see cref="RabbitMqBroker"/>. Kept out of RabbitMqBroker.cs, which stays free of xunit because
/// the throughput harness (bench/K2hr3.Throughput) links it.
/// </summary>
public static class RabbitMqBrokerWaits
{
    /// <summary>
    /// Waits until <paramref name="queue"/> has no ready and no unacknowledged message, i.e. everything delivered was
    /// settled (polled slowly: each listing boots rabbitmqctl).
    /// </summary>
    public static Task WaitUntilQueueSettledAsync(this RabbitMqBroker broker, string virtualHost, string queue, TimeSpan timeout)
        => Eventually.WaitUntilAsync(
            async () => (await broker.ListQueuesAsync(virtualHost, TestContext.Current.CancellationToken).ConfigureAwait(false)).TryGetValue(queue, out var counts)
                && counts is { Ready: 0, Unacknowledged: 0 },
            timeout,
            $"queue {queue} to be empty with nothing unacknowledged",
            TimeSpan.FromSeconds(1));
}
