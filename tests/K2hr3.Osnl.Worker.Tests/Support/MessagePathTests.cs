namespace K2hr3.Tests.Support;

/// <summary>
/// A test class whose tests send notifications down the message path: each test starts from a vhost of its own on the
/// shared broker and a K2HR3 API double (<see cref="StartBrokerAndApiAsync"/>), which is stopped when the test ends.
/// </summary>
public abstract class MessagePathTests(RabbitMqBrokerFixture brokers) : IAsyncDisposable
{
    private K2hr3ApiDouble? _api;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// A fresh vhost, a started API double — answering every request with <paramref name="faultEveryRequest"/> when
    /// given (<see cref="K2hr3ApiDouble.FaultEveryRequest"/>) —, and the worker settings that point at both (change them
    /// with <c>with</c>).
    /// </summary>
    protected async Task<(RabbitMqBroker Broker, string VirtualHost, K2hr3ApiDouble Api, OsnlSettings Settings)> StartBrokerAndApiAsync(ApiFault? faultEveryRequest = null)
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        _api = await K2hr3ApiDouble.StartAsync(cancellationToken: Token);
        _api.FaultEveryRequest = faultEveryRequest;
        return (broker, virtualHost, _api, TestSettings.For(broker, virtualHost, _api.RoleUri));
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
