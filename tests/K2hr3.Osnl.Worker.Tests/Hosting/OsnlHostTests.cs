namespace K2hr3.Tests.Hosting;

/// <summary>Host wiring that needs no broker: start-up errors, the health endpoint's address, the log file sink.</summary>
public sealed class OsnlHostTests
{
    /// <summary>Settings whose broker refuses connections (a closed loopback port): the worker keeps retrying.</summary>
    private static OsnlSettings UnreachableBrokerSettings()
    {
        var settings = TestSettings.For(FreePort.Next(), "/", new Uri("http://127.0.0.1:9/v1/role"));
        return settings with { Broker = settings.Broker with { Endpoints = [settings.Broker.Endpoints[0] with { Password = "secret-password" }] } };
    }

    [Fact]
    public async Task InvalidFilterRegexIsAStartupErrorNamingTheOption()
    {
        var settings = UnreachableBrokerSettings();
        settings = settings with { Sources = [TestSettings.NeutronSource() with { Filter = new FilterSettings("^network(", null, null, null, null) }] };

        var error = Assert.Throws<OsnlConfigurationException>(() => OsnlHost.Build(settings, []));

        Assert.Contains("[oslo_messaging_notifications] publisher_id", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await OsnlHost.RunAsync(settings, []));
    }

    [Fact]
    public async Task WithoutABrokerTheHostStaysUpRetryingAndHealthSaysWhy()
    {
        await using var worker = await InProcessWorker.StartAsync(UnreachableBrokerSettings(), waitUntilConsuming: false);
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TestConstants.DefaultTimeout };

        await Eventually.WaitUntilAsync(
            () => worker.LogMessages.Count(line => line.StartsWith("Reconnecting to the broker in", StringComparison.Ordinal)) >= 2,
            TestConstants.DefaultTimeout,
            "two reconnect attempts");
        using var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(IPAddress.Loopback.ToString(), worker.BaseAddress.Host);
        Assert.DoesNotContain(worker.LogMessages, line => line.Contains("secret-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredUrlsReplaceTheDefaultLoopbackAddress()
    {
        var port = FreePort.Next();
        await using var app = OsnlHost.Build(UnreachableBrokerSettings(), [$"--urls=http://127.0.0.1:{port}"], QuietLogging);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal([$"http://127.0.0.1:{port}"], OsnlHost.ListeningAddresses(app));
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task LogFileIsExactlyThePathInUpstreamsLineFormatAtTheConfiguredLevel()
    {
        using var directory = new TempDirectory("k2hr3-osnl-log-");
        var path = directory.Combine("osnl.log");
        var settings = UnreachableBrokerSettings() with { Logging = new LoggingSettings(LogLevel.Information, LogLevel.Warning, path) };
        var app = OsnlHost.Build(settings, []);
        await app.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.WaitUntilAsync(
            () => File.Exists(path) && ReadShared(path).Contains("Reconnecting to the broker in", StringComparison.Ordinal),
            TestConstants.DefaultTimeout,
            "the reconnect line in the log file");
        await app.StopAsync(TestContext.Current.CancellationToken);
        await app.DisposeAsync(); // closes the file

        // PATH itself, nothing beside it (Serilog wrote PATH<date> and left PATH empty), no BOM.
        Assert.Equal([path], Directory.GetFiles(directory.Path));
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.False(bytes.AsSpan().StartsWith("\uFEFF"u8), "the file starts with a BOM");
        var text = ReadShared(path);
        Assert.Matches(
            @"(?m)^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO K2hr3\.Osnl\.Worker\.Amqp\.BrokerConsumerService:114 Reconnecting to the broker in [\d.]+ s$",
            text);
        Assert.Matches(@"(?m)^\S+ \S+ WARNING K2hr3\.Osnl\.Worker\.Amqp\.BrokerConsumerService:113 Broker connection failed: ", text);
        Assert.DoesNotContain(" DEBUG ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:4317")]
    public void LinesGoToUpstreamsSinkAndUnderAspireAlsoStructuredOverOtlp(string? otlpEndpoint)
    {
        using var directory = new TempDirectory("k2hr3-osnl-log-");
        var settings = UnreachableBrokerSettings() with { Logging = new LoggingSettings(LogLevel.Information, LogLevel.Warning, directory.Combine("osnl.log")) };
        string[] args = otlpEndpoint is null ? [] : [$"--OTEL_EXPORTER_OTLP_ENDPOINT={otlpEndpoint}"];
        var app = OsnlHost.Build(settings, args);
        try
        {
            var providers = app.Services.GetServices<ILoggerProvider>().Select(provider => provider.GetType().Name).ToList();
            Assert.Contains(nameof(K2hr3.Osnl.Worker.Diagnostics.PythonStyleLoggerProvider), providers);
            Assert.Equal(otlpEndpoint is not null, providers.Contains("OpenTelemetryLoggerProvider"));
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    private static void QuietLogging(WebApplicationBuilder builder) => builder.Logging.ClearProviders();

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
