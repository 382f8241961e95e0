namespace K2hr3.Tests.Configuration;

/// <summary>.NET configuration (what Aspire injects) and its precedence (BRIEF "Worker configuration contract").</summary>
public class DotNetConfigurationTests
{
    private const string FileWithEverything = "[oslo_messaging_notifications]\ntransport_url = rabbit://file:pw@filehost:5672/\n[k2hr3]\napi_url = http://file-api/v1/role\n";

    private static SettingsHarness With(string? ini, params (string Key, string? Value)[] entries)
    {
        var harness = new SettingsHarness { Ini = ini };
        foreach (var (key, value) in entries)
        {
            harness.Configuration[key] = value;
        }

        return harness;
    }

    [Fact]
    public void OsnlKeysSetAnyOptionAndWinOverEnvironmentAndFile()
    {
        using var harness = With("[k2hr3]\nrequeue_on_error = false\n[worker]\nmax_redeliveries = 1\n",
            ("Osnl:k2hr3:requeue_on_error", "true"),
            ("Osnl:DEFAULT:debug_level", "debug"),
            ("Osnl:worker:max_redeliveries", "3"),
            ("Osnl:oslo_messaging_notifications:payload", "instance_id:.+"));
        harness.Environment["OS_WORKER__MAX_REDELIVERIES"] = "2";
        var settings = harness.Load();

        Assert.True(settings.Api.RequeueOnError);
        Assert.Equal(LogLevel.Debug, settings.Logging.Level);
        Assert.Equal(3, settings.Processing.MaxRedeliveries);
        Assert.Equal(new Dictionary<string, string> { ["instance_id"] = ".+" }, settings.Sources[0].Filter.Payload);
    }

    [Fact]
    public void OsnlKeysAreCaseInsensitiveLikeAllDotNetConfiguration()
    {
        using var harness = With(null, ("Osnl:K2HR3:Timeout_Seconds", "7"));
        Assert.Equal(TimeSpan.FromSeconds(7), harness.Load().Api.Timeout);
    }

    [Fact]
    public void ADictionaryMayBeGivenAsChildKeys()
    {
        using var harness = With(null,
            ("Osnl:oslo_messaging_notifications:payload:nova_object.data", "^x"),
            ("Osnl:oslo_messaging_notifications:payload:instance_id", ".+"));
        Assert.Equal(new Dictionary<string, string> { ["nova_object.data"] = "^x", ["instance_id"] = ".+" },
            harness.Load().Sources[0].Filter.Payload);
    }

    [Fact]
    public void AnInvalidDotNetValueNamesTheKey()
    {
        using var harness = With(null, ("Osnl:k2hr3:timeout_seconds", "soon"));
        var error = harness.LoadFails();
        Assert.Equal(("Osnl:k2hr3:timeout_seconds", "soon"), (error.Option, error.Value));
        Assert.Equal("invalid value for Osnl:k2hr3:timeout_seconds: 'soon': invalid literal for int() with base 10: 'soon'", error.Message);
    }

    [Fact]
    public void TheConnectionStringReplacesTransportUrl()
    {
        using var harness = With(FileWithEverything,
            ("Osnl:oslo_messaging_notifications:transport_url", "rabbit://osnl:pw@osnlhost/"),
            ("ConnectionStrings:rabbitmq", "amqp://guest:p%40ss@localhost:41234"));
        var broker = harness.Load().Broker;
        Assert.Equal([new Osnl.Worker.Configuration.BrokerEndpoint("localhost", 41234, "guest", "p@ss")], broker.Endpoints);
    }

    [Fact]
    public void TheConnectionStringMayBeAnOsloTransportUrlWithOptions()
    {
        using var harness = With(null, ("ConnectionStrings:rabbitmq", "rabbit://u:p@a:5672,u:p@b:5672/os?amqp_durable_queues=true"));
        var broker = harness.Load().Broker;
        Assert.Equal(["a", "b"], broker.Endpoints.Select(endpoint => endpoint.Host));
        Assert.True(broker.Durable);
    }

    [Fact]
    public void ABlankConnectionStringIsIgnored()
    {
        using var harness = With(FileWithEverything, ("ConnectionStrings:rabbitmq", " "));
        Assert.Equal("filehost", harness.Load().Broker.Endpoints[0].Host);
    }

    [Fact]
    public void AnInvalidConnectionStringIsNamedAndRedacted()
    {
        using var harness = With(null, ("ConnectionStrings:rabbitmq", "amqp://guest:hunter2@localhost:x"));
        var error = harness.LoadFails();
        Assert.Equal(("ConnectionStrings:rabbitmq", "amqp://guest:***@localhost:x"), (error.Option, error.Value));
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:18080", "http://127.0.0.1:18080/v1/role")]
    [InlineData("http://127.0.0.1:18080/", "http://127.0.0.1:18080/v1/role")]
    [InlineData("https://k2hr3-api.example.com/v1/role", "https://k2hr3-api.example.com/v1/role")]
    [InlineData("http://api/k2hr3/v1/role?tenant=x", "http://api/k2hr3/v1/role?tenant=x")]
    public void K2hr3ApiUrlIsABaseUrlOrTheRoleUrl(string configured, string expected)
    {
        using var harness = With(FileWithEverything, (Osnl.Worker.Configuration.OsnlConfigurationKeys.ApiUrl, configured));
        Assert.Equal(new Uri(expected), harness.Load().Api.ApiUrl);
    }

    [Fact]
    public void ServiceDiscoveryGivesTheBaseUrlAndPrefersHttps()
    {
        using var httpOnly = With(FileWithEverything, ("services:k2hr3-api:http:0", "http://localhost:5001"));
        Assert.Equal(new Uri("http://localhost:5001/v1/role"), httpOnly.Load().Api.ApiUrl);

        using var both = With(FileWithEverything,
            ("services:k2hr3-api:http:0", "http://localhost:5001"),
            ("services:k2hr3-api:https:0", "https://localhost:5002"));
        Assert.Equal(new Uri("https://localhost:5002/v1/role"), both.Load().Api.ApiUrl);
    }

    [Fact]
    public void K2hr3ApiUrlWinsOverServiceDiscoveryWhichWinsOverTheOptionKeys()
    {
        using var all = With(FileWithEverything,
            ("Osnl:k2hr3:api_url", "http://option/v1/role"),
            ("services:k2hr3-api:https:0", "https://discovered:5002"),
            ("K2hr3:Api:Url", "http://explicit:18080"));
        Assert.Equal(new Uri("http://explicit:18080/v1/role"), all.Load().Api.ApiUrl);

        using var discovered = With(FileWithEverything,
            ("Osnl:k2hr3:api_url", "http://option/v1/role"),
            ("services:k2hr3-api:https:0", "https://discovered:5002"));
        Assert.Equal(new Uri("https://discovered:5002/v1/role"), discovered.Load().Api.ApiUrl);
    }

    [Fact]
    public void AnInvalidApiUrlKeyIsNamed()
    {
        using var harness = With(null, ("K2hr3:Api:Url", "localhost:18080"));
        var error = harness.LoadFails();
        Assert.Equal(("K2hr3:Api:Url", "localhost:18080"), (error.Option, error.Value));
        Assert.StartsWith("the scheme must be http or https", error.Reason);
    }

    [Fact]
    public void UnknownOsnlKeysAreWarnings()
    {
        using var harness = With(null, ("Osnl:k2hr3:timeout", "5"), ("Osnl:k2hr4:timeout_seconds", "5"));
        var warnings = harness.Load().Warnings;
        Assert.Contains("Osnl:k2hr3:timeout is not a known option; ignored", warnings);
        Assert.Contains("Osnl:k2hr4 is not a known section; ignored", warnings);
    }

    [Fact]
    public void AppsettingsJsonIsReadFromTheGivenDirectory()
    {
        using var directory = new TempDirectory();
        directory.Write("appsettings.json", """{ "Osnl": { "k2hr3": { "timeout_seconds": "12" } } }""");
        var configuration = Osnl.Worker.Cli.DotNetConfiguration.Build(["--Osnl:k2hr3:max_retries=1"], directory.Path);
        Assert.Equal("12", configuration["Osnl:k2hr3:timeout_seconds"]);
        Assert.Equal("1", configuration["Osnl:k2hr3:max_retries"]);
    }

    [Fact]
    public void AMalformedAppsettingsJsonIsAConfigurationError()
    {
        using var directory = new TempDirectory();
        directory.Write("appsettings.json", "{ not json");
        var error = Assert.Throws<Osnl.Worker.Configuration.OsnlConfigurationException>(
            () => Osnl.Worker.Cli.DotNetConfiguration.Build([], directory.Path));
        Assert.StartsWith(".NET configuration cannot be read: ", error.Message);
    }
}
