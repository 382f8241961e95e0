using System.Net;
using K2hr3.Osnl.Worker.Configuration;
using K2hr3.Osnl.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace K2hr3.Tests.Runtime;

/// <summary>Host wiring that needs no broker: start-up errors, the health endpoint's address, the log file sink.</summary>
public sealed class OsnlHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

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
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = Timeout };

        await Eventually.WaitUntilAsync(
            () => worker.LogMessages.Count(line => line.StartsWith("Reconnecting to the broker in", StringComparison.Ordinal)) >= 2,
            Timeout,
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
    public async Task LogFileReceivesWorkerLinesAtTheConfiguredLevel()
    {
        var directory = Directory.CreateTempSubdirectory("k2hr3-osnl-log-");
        try
        {
            var settings = UnreachableBrokerSettings() with { Logging = new LoggingSettings(LogLevel.Information, LogLevel.Warning, Path.Combine(directory.FullName, "osnl.log")) };
            var app = OsnlHost.Build(settings, []);
            await app.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.WaitUntilAsync(
                () => directory.GetFiles("osnl*.log").Any(file => ReadShared(file.FullName).Contains("Reconnecting to the broker in", StringComparison.Ordinal)),
                Timeout,
                "the reconnect line in the daily log file");
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync(); // flushes and closes the Serilog file

            var file = Assert.Single(directory.GetFiles("osnl*.log"));
            var text = ReadShared(file.FullName);
            Assert.Contains("INF K2hr3.Osnl.Worker.Amqp.BrokerConsumerService Reconnecting to the broker in", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" DBG ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-password", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
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
