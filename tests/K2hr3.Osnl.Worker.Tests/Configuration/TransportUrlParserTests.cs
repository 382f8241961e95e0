using K2hr3.Osnl.Worker.Configuration.Transport;

namespace K2hr3.Tests.Configuration;

/// <summary>transport_url and Aspire's amqp(s) URIs (osnl-compatibility.md §4.2, §4.3).</summary>
public class TransportUrlParserTests
{
    private static string ParseFails(string url) => Assert.Throws<TransportUrlException>(() => TransportUrlParser.Parse(url)).Message;

    [Fact]
    public void TheUpstreamDefaultUrlIsGuestOnLocalhostWithTheDefaultVirtualHost()
    {
        var broker = TransportUrlParser.Parse("rabbit://guest:guest@127.0.0.1:5672/");
        Assert.Equal([new BrokerEndpoint("127.0.0.1", 5672, "guest", "guest")], broker.Endpoints);
        Assert.Equal("/", broker.VirtualHost);
        Assert.False(broker.Ssl);
        Assert.False(broker.Durable);
        Assert.Equal(64, broker.PrefetchCount);
        Assert.Equal(TimeSpan.FromSeconds(60), broker.Heartbeat);
        Assert.Equal(TimeSpan.FromSeconds(1), broker.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), broker.RetryBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), broker.RetryIntervalMax);
    }

    [Fact]
    public void SeveralHostsAreFailOverEndpointsInOrder()
    {
        var broker = TransportUrlParser.Parse("rabbit://u1:p1@h1:5672,u2:p2@h2:5673/vh");
        Assert.Equal([new BrokerEndpoint("h1", 5672, "u1", "p1"), new BrokerEndpoint("h2", 5673, "u2", "p2")], broker.Endpoints);
        Assert.Equal("vh", broker.VirtualHost);
    }

    [Theory]
    [InlineData("rabbit://h", "h", 5672)]
    [InlineData("rabbit://u:p@h/", "h", 5672)]
    [InlineData("RABBIT://u:p@rabbit-1.example.com:15672", "rabbit-1.example.com", 15672)]
    [InlineData("rabbit://u:p@[::1]:5673/", "::1", 5673)]
    [InlineData("rabbit://u:p@[fe80::1]/", "fe80::1", 5672)]
    [InlineData("rabbit://u:p@::1/", "::1", 5672)]
    [InlineData("rabbit://u:p@my_rabbit:5672/", "my_rabbit", 5672)]
    [InlineData("rabbit://,u:p@h,/", "h", 5672)]
    public void HostsAndPortsFollowOsloNetutils(string url, string host, int port)
    {
        var endpoint = Assert.Single(TransportUrlParser.Parse(url).Endpoints);
        Assert.Equal((host, port), (endpoint.Host, endpoint.Port));
    }

    [Theory]
    [InlineData("rabbit://h/", "guest", "guest")]
    [InlineData("rabbit://admin@h/", "admin", "guest")]
    [InlineData("rabbit://us%40er:p%3Aa%2Fs%40s@h/", "us@er", "p:a/s@s")]
    [InlineData("rabbit://u:pa+ss@h/", "u", "pa+ss")]
    [InlineData("rabbit://u:a:b@h/", "u", "a:b")]
    [InlineData("rabbit://u@x:p@h/", "u@x", "p")]
    public void CredentialsAreUrlDecodedAndDefaultToGuest(string url, string user, string password)
    {
        var endpoint = Assert.Single(TransportUrlParser.Parse(url).Endpoints);
        Assert.Equal((user, password), (endpoint.UserName, endpoint.Password));
    }

    [Theory]
    [InlineData("rabbit://h", "/")]
    [InlineData("rabbit://h/", "/")]
    [InlineData("rabbit://h/%2F", "/")]
    [InlineData("rabbit://h/openstack", "openstack")]
    [InlineData("rabbit://h/my%20vhost?ssl=false", "my vhost")]
    [InlineData("rabbit://h/a/b", "a/b")]
    public void ThePathIsTheUrlDecodedVirtualHost(string url, string virtualHost)
        => Assert.Equal(virtualHost, TransportUrlParser.Parse(url).VirtualHost);

    [Fact]
    public void AspireAmqpConnectionStringsAreAccepted()
    {
        var broker = TransportUrlParser.Parse("amqp://guest:s3cr%21t@localhost:40123");
        Assert.Equal([new BrokerEndpoint("localhost", 40123, "guest", "s3cr!t")], broker.Endpoints);
        Assert.Equal("/", broker.VirtualHost);
        Assert.False(broker.Ssl);
    }

    [Fact]
    public void AmqpsMeansTlsOnPort5671ByDefault()
    {
        var broker = TransportUrlParser.Parse("amqps://u:p@rabbit.example/prod");
        Assert.True(broker.Ssl);
        Assert.Equal(5671, Assert.Single(broker.Endpoints).Port);
        Assert.Equal("prod", broker.VirtualHost);
    }

    [Fact]
    public void QueryOptionsSetTheTopology()
    {
        var broker = TransportUrlParser.Parse(
            "rabbit://h/?amqp_durable_queues=true&amqp_auto_delete=yes&rabbit_qos_prefetch_count=10"
            + "&heartbeat_timeout_threshold=0&ssl=1&ssl_ca_file=/etc/ssl/ca.pem"
            + "&rabbit_retry_interval=2&rabbit_retry_backoff=0&rabbit_interval_max=60&rabbit_ha_queues=on");
        Assert.True(broker.Durable);
        Assert.True(broker.AutoDelete);
        Assert.True(broker.HaQueues);
        Assert.Equal(10, broker.PrefetchCount);
        Assert.Equal(TimeSpan.Zero, broker.Heartbeat);
        Assert.True(broker.Ssl);
        Assert.Equal(5671, Assert.Single(broker.Endpoints).Port);
        Assert.Equal("/etc/ssl/ca.pem", broker.SslCaFile);
        Assert.Equal(TimeSpan.FromSeconds(2), broker.RetryInterval);
        Assert.Equal(TimeSpan.Zero, broker.RetryBackoff);
        Assert.Equal(TimeSpan.FromSeconds(60), broker.RetryIntervalMax);
    }

    [Fact]
    public void QuorumQueuesForceDurability()
    {
        var broker = TransportUrlParser.Parse("rabbit://h/?rabbit_quorum_queue=true&amqp_durable_queues=false&rabbit_quorum_delivery_limit=5");
        Assert.True(broker.QuorumQueue);
        Assert.True(broker.Durable);
        Assert.Equal(5, broker.QuorumDeliveryLimit);
    }

    [Theory]
    [InlineData("rabbit://h/", 64)]
    [InlineData("rabbit://h/?rabbit_qos_prefetch_count=0", 64)]
    [InlineData("rabbit://h/?rabbit_qos_prefetch_count=1", 1)]
    [InlineData("rabbit://h/?rabbit_qos_prefetch_count=65535", 65535)]
    public void PrefetchIsBoundedWith64ReplacingUnlimited(string url, int expected)
        => Assert.Equal(expected, TransportUrlParser.Parse(url).PrefetchCount);

    [Theory]
    [InlineData("rabbit://h/?ssl=", false)] // parse_qs drops empty values
    [InlineData("rabbit://h/?ssl", false)] // and pieces without '='
    [InlineData("rabbit://h/?ssl=true", true)]
    public void EmptyQueryValuesAreIgnoredLikeParseQs(string url, bool ssl)
        => Assert.Equal(ssl, TransportUrlParser.Parse(url).Ssl);

    [Theory]
    [InlineData("rabbit://h/?bogus_opt=1", "unknown transport_url option 'bogus_opt'")]
    [InlineData("rabbit://h/?rabbit_quorum_queue=true&rabbit_ha_queues=true", "rabbit_quorum_queue and rabbit_ha_queues cannot both be enabled")]
    [InlineData("rabbit://h/?amqp_durable_queues=maybe", "transport_url option amqp_durable_queues: Unexpected boolean value 'maybe'")]
    [InlineData("rabbit://h/?amqp_durable_queues=true&amqp_durable_queues=false", "transport_url option amqp_durable_queues: Unexpected boolean value 'true,false'")]
    [InlineData("rabbit://h/?heartbeat_timeout_threshold=1.5", "transport_url option heartbeat_timeout_threshold: invalid literal for int() with base 10: '1.5'")]
    [InlineData("rabbit://h/?rabbit_retry_interval=0", "transport_url option rabbit_retry_interval: Should be greater than or equal to 1")]
    [InlineData("amqps://h/?ssl=false", "transport_url option ssl=false contradicts the amqps:// scheme")]
    [InlineData("kombu://h/", "the URL must start with rabbit://, amqp:// or amqps://")]
    [InlineData("guest:guest@127.0.0.1:5672", "the URL must start with rabbit://, amqp:// or amqps://")]
    [InlineData("", "the URL must start with rabbit://, amqp:// or amqps://")]
    [InlineData("rabbit://", "the URL names no broker host")]
    [InlineData("rabbit:///vhost", "the URL names no broker host")]
    [InlineData("rabbit://u:p@h:notaport/", "the port of broker host #1 is not a number from 1 to 65535")]
    [InlineData("rabbit://u:p@h:0/", "the port of broker host #1 is not a number from 1 to 65535")]
    [InlineData("rabbit://u:p@h1,u:p@h2:99999/", "the port of broker host #2 is not a number from 1 to 65535")]
    [InlineData("rabbit://u:p@/", "broker host #1 is not a valid host name or IP address")]
    [InlineData("rabbit://u:p@bad host/", "broker host #1 is not a valid host name or IP address")]
    [InlineData("rabbit://u:p@[::1/", "broker host #1 has a malformed [IPv6] address")]
    [InlineData("rabbit://u:p#w@h/", "'#' is not allowed in a transport URL; percent-encode it as %23")]
    public void InvalidUrlsAreRejected(string url, string reason) => Assert.StartsWith(reason, ParseFails(url));

    // oslo has no bounds on these IntOpts: upstream starts with any integer, so do we — replaced and said.
    [Theory]
    [InlineData("rabbit://h/?rabbit_qos_prefetch_count=65536", "rabbit_qos_prefetch_count=65536 is outside 0..65535; using 65535")]
    [InlineData("rabbit://h/?rabbit_qos_prefetch_count=-1", "rabbit_qos_prefetch_count=-1 is outside 0..65535; using 0")]
    [InlineData("rabbit://h/?heartbeat_timeout_threshold=-5", "heartbeat_timeout_threshold=-5 is outside 0..65535; using 0")]
    [InlineData("rabbit://h/?rabbit_quorum_delivery_limit=-2", "rabbit_quorum_delivery_limit=-2 is outside 0..2147483647; using 0")]
    public void IntegersOsloAcceptsWithoutBoundsAreReplacedWithAWarning(string url, string warning)
    {
        var warnings = new List<string>();
        var broker = TransportUrlParser.Parse(url, warnings);
        Assert.Equal("transport_url option " + warning, Assert.Single(warnings));
        if (url.Contains("prefetch", StringComparison.Ordinal))
        {
            Assert.Equal(url.EndsWith("-1", StringComparison.Ordinal) ? TransportQueryOptions.DefaultPrefetchCount : ushort.MaxValue, broker.PrefetchCount);
        }
    }

    [Theory]
    [InlineData("rabbit://user:topsecret@h:notaport/")]
    [InlineData("rabbit://user:topsecret,x@h/")]
    [InlineData("rabbit://user:top:secret@bad host/")]
    [InlineData("rabbit://user:topsecret@h/?bogus=1")]
    public void ReasonsNeverContainThePassword(string url) => Assert.DoesNotContain("secret", ParseFails(url));

    [Fact]
    public void TheRedactedFormHidesPasswords()
    {
        var broker = TransportUrlParser.Parse("rabbit://u1:p1@h1:5672,u2:p2@h2:5673/vh");
        Assert.DoesNotContain("p1", broker.Redacted);
        Assert.DoesNotContain("p2", broker.Redacted);
        Assert.Contains("u1@h1:5672", broker.Redacted);
    }
}
