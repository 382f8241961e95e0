namespace K2hr3.Tests.RabbitMq;

/// <summary>How the AppHost reads <c>ConnectionStrings:rabbitmq</c> for its own connections (health, simulate).</summary>
public class BrokerAddressTests
{
    [Fact]
    public void AnAspireAmqpUriIsOneHostWithTheDefaultVirtualHost()
    {
        var address = BrokerAddress.Parse("amqp://k2hr3:p%40ss%3Aw0rd@127.0.0.1:35672/");

        var endpoint = Assert.Single(address.Endpoints);
        Assert.Equal(("127.0.0.1", 35672, false), (endpoint.HostName, endpoint.Port, endpoint.Ssl.Enabled));
        Assert.Equal(("k2hr3", "p@ss:w0rd", "/"), (address.UserName, address.Password, address.VirtualHost));
    }

    [Fact]
    public void AnOsloTransportUrlKeepsEveryHostInOrderAndItsVirtualHost()
    {
        var address = BrokerAddress.Parse("rabbit://openstack:secret@10.0.0.1:5672,openstack:secret@[2001:db8::2]/nova%2Fvh?amqp_durable_queues=true");

        Assert.Equal([("10.0.0.1", 5672), ("2001:db8::2", 5672)], address.Endpoints.Select(e => (e.HostName, e.Port)));
        Assert.Equal(("openstack", "secret", "nova/vh"), (address.UserName, address.Password, address.VirtualHost));
    }

    [Theory]
    [InlineData("amqps://u:p@broker.example.com/", 5671)]
    [InlineData("rabbit://u:p@broker.example.com/?ssl=1", 5671)]
    [InlineData("rabbit://u:p@broker.example.com/?ssl=true&rabbit_qos_prefetch_count=8", 5671)]
    public void TlsComesFromTheSchemeOrOslosSslOption(string url, int defaultPort)
    {
        var endpoint = Assert.Single(BrokerAddress.Parse(url).Endpoints);
        Assert.True(endpoint.Ssl.Enabled);
        Assert.Equal("broker.example.com", endpoint.Ssl.ServerName);
        Assert.Equal(defaultPort, endpoint.Port);
    }

    [Fact]
    public void ThePrintedFormNeverContainsThePassword()
    {
        var address = BrokerAddress.Parse("rabbit://openstack:very-secret@10.0.0.1:5672/");
        Assert.Equal("openstack@10.0.0.1:5672/", address.ToString());
    }

    [Theory]
    [InlineData("http://u:p@h:5672/")]
    [InlineData("amqp:///")]
    [InlineData("amqp://u:p@h:notaport/")]
    [InlineData("rabbit://u:p@[::1/")]
    public void NotABrokerUrlIsAFormatError(string value)
        => Assert.Throws<FormatException>(() => BrokerAddress.Parse(value));
}
