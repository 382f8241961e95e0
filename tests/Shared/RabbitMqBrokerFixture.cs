[assembly: AssemblyFixture(typeof(RabbitMqBrokerFixture))]

namespace K2hr3.Tests.Support;

/// <summary>
/// The one shared RabbitMQ node of a test run. It starts on first use (so test runs that need no broker pay nothing)
/// and is killed when the run ends. Tests isolate themselves with a vhost of their own
/// (<see cref="RabbitMqBroker.CreateVirtualHostAsync"/>) or unique queue/exchange names.
/// Tests that restart a broker must use a dedicated <see cref="RabbitMqBroker.StartNewAsync"/> instead.
/// </summary>
public sealed class RabbitMqBrokerFixture : IAsyncDisposable
{
    private readonly Lazy<Task<RabbitMqBroker>> _broker = new(
        () => RabbitMqBroker.StartNewAsync(CancellationToken.None),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Skips the calling test, with the reason, when rabbitmq-server is not installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (RabbitMqBroker.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>
    /// A node of the calling test's own, for tests that stop or restart it (restarting the shared one would break every
    /// other test); skips as <see cref="GetBrokerAsync"/> does.
    /// </summary>
    public static Task<RabbitMqBroker> StartDedicatedAsync()
    {
        SkipUnlessInstalled();
        return RabbitMqBroker.StartNewAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The shared broker; calls <c>Assert.Skip</c> when rabbitmq-server is not installed.</summary>
    public async Task<RabbitMqBroker> GetBrokerAsync()
    {
        SkipUnlessInstalled();
        return await _broker.Value.ConfigureAwait(false);
    }

    /// <summary>The shared broker plus a fresh vhost for the calling test.</summary>
    public async Task<(RabbitMqBroker Broker, string VirtualHost)> GetBrokerWithVirtualHostAsync()
    {
        var broker = await GetBrokerAsync().ConfigureAwait(false);
        var virtualHost = await broker.CreateVirtualHostAsync(cancellationToken: TestContext.Current.CancellationToken).ConfigureAwait(false);
        return (broker, virtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker.IsValueCreated && _broker.Value.IsCompletedSuccessfully)
        {
            await _broker.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
