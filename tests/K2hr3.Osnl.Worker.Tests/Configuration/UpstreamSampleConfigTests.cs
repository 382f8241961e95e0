namespace K2hr3.Tests.Configuration;

/// <summary>The four upstream sample files load unchanged (drop-in compatibility).</summary>
public class UpstreamSampleConfigTests
{
    private static OsnlSettings LoadFixture(string name)
    {
        var path = TestData.Config(name);
        Assert.True(File.Exists(path), $"fixture {path} is missing");
        var loader = new OsnlSettingsLoader(new ConfigurationBuilder().Build(), new Dictionary<string, string>());
        return loader.Load(new CommandLineOverrides(ConfigFile: path));
    }

    [Theory]
    [InlineData("k2hr3-osnl.conf", "neutron", "notifications", @"^port\.delete\.end$", "^network.*$", false)]
    [InlineData("k2hr3-osnl.conf.neutron.sample", "neutron", "notifications", @"^port\.delete\.end$", "^network.*$", false)]
    [InlineData("k2hr3-osnl.conf.compute.sample", "nova", "notifications", @"^compute\.instance\.delete\.end$", "^compute.*$", true)]
    [InlineData("k2hr3-osnl.conf.nova_compute.sample", "nova", "versioned_notifications", @"^instance\.delete\.end$", "^nova-compute:.*$", true)]
    public void SampleLoadsWithItsValuesAndCodeDefaultsElsewhere(
        string file, string exchange, string topic, string eventType, string publisherId, bool allowSelfSignedCert)
    {
        var settings = LoadFixture(file);

        Assert.Equal(TestData.Config(file), settings.ConfigFile);
        Assert.Equal(new LoggingSettings(LogLevel.Error, LogLevel.Warning, null), settings.Logging);

        var source = Assert.Single(settings.Sources);
        Assert.Equal("default", source.Name);
        Assert.Equal(exchange, source.Exchange);
        Assert.Equal(topic, source.Topic);
        Assert.Equal("k2hr3_osnl", source.QueueName);
        Assert.Equal($"{topic}.info", source.RoutingKey);
        Assert.True(source.AllowRequeue);
        Assert.Equal(new FilterSettings(publisherId, eventType, null, null, null), source.Filter);

        Assert.Equal([new BrokerEndpoint("127.0.0.1", 5672, "guest", "guest")], settings.Broker.Endpoints);
        Assert.Equal("/", settings.Broker.VirtualHost);

        Assert.Equal(new Uri("https://localhost/v1/role"), settings.Api.ApiUrl);
        Assert.Equal(allowSelfSignedCert, settings.Api.AllowSelfSignedCert);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Api.Timeout);
        Assert.Equal(5, settings.Api.MaxRetries); // "#retries = 3" is commented out
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Api.RetryInterval);
        Assert.False(settings.Api.RequeueOnError);

        Assert.Equal(new ProcessingSettings(), settings.Processing);
        Assert.Empty(settings.Warnings);
    }
}
