using K2hr3.Osnl.Worker.Configuration;

namespace K2hr3.Tests.Support;

/// <summary>
/// Validated worker settings for tests, pointing at a test broker/vhost and a K2HR3 API double, with short delays.
/// Use <c>with</c> expressions to change single values.
/// </summary>
public static class TestSettings
{
    /// <summary>A neutron source (exchange, topic, filter as in the upstream sample conf) with unique names.</summary>
    public static SourceSettings NeutronSource(string? suffix = null, string name = "default") => new()
    {
        Name = name,
        Exchange = "neutron" + suffix,
        Topic = "notifications",
        Pool = "k2hr3_osnl" + suffix,
        Filter = new FilterSettings(@"^network.*$", @"^port\.delete\.end$", null, null, null),
    };

    /// <summary>The upstream nova (unversioned) sample conf's source: exchange nova, topic notifications.</summary>
    public static SourceSettings ComputeSource(string name = "default") => new()
    {
        Name = name,
        Exchange = "nova",
        Topic = "notifications",
        Pool = "k2hr3_osnl",
        Filter = new FilterSettings(@"^compute.*$", @"^compute\.instance\.delete\.end$", null, null, null),
    };

    /// <summary>The upstream nova_compute (versioned) sample conf's source: exchange nova, topic versioned_notifications.</summary>
    public static SourceSettings NovaComputeSource(string name = "default") => new()
    {
        Name = name,
        Exchange = "nova",
        Topic = "versioned_notifications",
        Pool = "k2hr3_osnl",
        Filter = new FilterSettings(@"^nova-compute:.*$", @"^instance\.delete\.end$", null, null, null),
    };

    public static OsnlSettings For(RabbitMqBroker broker, string virtualHost, Uri apiUrl, params SourceSettings[] sources)
        => For(broker.Port, virtualHost, apiUrl, sources);

    /// <summary>Settings for a broker on 127.0.0.1:<paramref name="brokerPort"/> (a closed port: the worker keeps retrying).</summary>
    public static OsnlSettings For(int brokerPort, string virtualHost, Uri apiUrl, params SourceSettings[] sources) => new()
    {
        Logging = new LoggingSettings(LogLevel.Debug, LogLevel.Warning, null),
        Broker = new BrokerSettings
        {
            Endpoints = [new BrokerEndpoint("127.0.0.1", brokerPort, RabbitMqBroker.UserName, RabbitMqBroker.Password)],
            VirtualHost = virtualHost,
            PrefetchCount = 16,
            Heartbeat = TimeSpan.FromSeconds(10),
            RetryInterval = TimeSpan.FromMilliseconds(200),
            RetryBackoff = TimeSpan.FromMilliseconds(200),
            RetryIntervalMax = TimeSpan.FromSeconds(1),
        },
        Sources = sources.Length > 0 ? sources : [NeutronSource()],
        Api = new ApiSettings
        {
            ApiUrl = apiUrl,
            Timeout = TimeSpan.FromSeconds(5),
            MaxRetries = 1,
            RetryInterval = TimeSpan.FromMilliseconds(100),
        },
        Processing = new ProcessingSettings
        {
            Concurrency = 4,
            RedeliveryDelay = TimeSpan.FromMilliseconds(300),
            MaxRedeliveries = 2,
            ShutdownGrace = TimeSpan.FromSeconds(10),
        },
    };
}
