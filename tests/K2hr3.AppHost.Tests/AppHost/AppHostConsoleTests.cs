namespace K2hr3.Tests.AppHost;

/// <summary>
/// The AppHost's terminal tells K2HR3's story, not the dashboard's: its appsettings.json keeps ASP.NET's request logs
/// (the dashboard's gRPC calls to the resource service, one burst per open page) and the Blazor circuit errors a closed
/// browser tab causes out of the console.
/// </summary>
public class AppHostConsoleTests
{
    [Fact]
    public async Task WithTheLaunchProfileADashboardRequestLeavesNoAspNetCoreRequestLogInTheConsoleAndK2hr3sLinesStay()
    {
        IReadOnlyList<string> console;
        using var empty = new TempDirectory();
        var resourceService = new Uri("http://localhost:24382");
        await using (var appHost = await AppHostProcess.StartAsync(24380, NothingInstalled(empty)))
        {
            // A dashboard call to the resource service, as an open dashboard page makes them (HTTP/2 gRPC).
            using var http = new HttpClient { DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(resourceService, "aspire.v1.DashboardService/GetApplicationInformation"))
            {
                Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken); // any answer: ASP.NET logged the request either way
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // let a request log line be written, if any
            await appHost.StopAsync();
            console = appHost.Lines;
        }

        Assert.DoesNotContain(console, line => line.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) || line.Contains("Request starting", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("K2HR3 runtime: processes", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("Dashboard:  http://localhost:24380", StringComparison.Ordinal));
    }

    /// <summary>The processes runtime with none of the software found, whatever PATH holds.</summary>
    internal static string[] NothingInstalled(TempDirectory empty) =>
    [
        "--K2hr3:Runtime=processes",
        "--K2hr3:CheckPorts=false",
        $"--K2hr3:Dkc:BinDir={empty.Combine("no-bin")}",
        $"--K2hr3:Api:PackageDir={empty.Combine("no-api")}",
        $"--K2hr3:App:PackageDir={empty.Combine("no-app")}",
        $"--K2hr3:RabbitMq:ServerPath={empty.Combine("no-rabbitmq-server")}",
        $"--K2hr3:DataDir={empty.Combine("data")}",
        "--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00",
    ];

    [Fact]
    public void TheAppHostsLoggingSettingsSilenceCircuitErrorsAndRequestLogsButNotK2hr3OrAspire()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestData.RepositoryRoot, "K2hr3.AppHost", "appsettings.json"))
            .Build();
        using var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new FakeLoggerProvider()));

        // "Unhandled exception in circuit" (a closed dashboard tab) is an Error of this category.
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost").IsEnabled(LogLevel.Error));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        // The AppHost's own health probes (osnl's /health every few seconds) are HttpClient requests too.
        Assert.False(factory.CreateLogger("System.Net.Http.HttpClient.osnl_health.LogicalHandler").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("K2hr3.AppHost").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Aspire.Hosting.DistributedApplication").IsEnabled(LogLevel.Information));
    }
}
