using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using K2hr3.Tests.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace K2hr3.Tests.AppHost;

/// <summary>
/// The AppHost's terminal tells K2HR3's story, not the dashboard's: its appsettings.json keeps ASP.NET's request logs
/// (the dashboard's gRPC calls to the resource service, one burst per open page) and the Blazor circuit errors a closed
/// browser tab causes out of the console.
/// </summary>
public class AppHostConsoleTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task With_the_launch_profile_a_dashboard_request_leaves_no_AspNetCore_request_log_in_the_console_and_K2hr3s_lines_stay()
    {
        using var empty = new TempDirectory();
        var appHost = Path.Combine(PublishedDeployment.RepositoryRoot, "K2hr3.AppHost", "bin", PublishedDeployment.BuildConfiguration, "net10.0", "K2hr3.AppHost.dll");
        // `dotnet run --project K2hr3.AppHost` runs it in the project directory, the content root appsettings.json is read from.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(PublishedDeployment.RepositoryRoot, "K2hr3.AppHost"),
        };
        foreach (var argument in new[]
        {
            appHost,
            "--K2hr3:Runtime=processes",
            "--K2hr3:CheckPorts=false",
            $"--K2hr3:Dkc:BinDir={empty.Path}",
            $"--K2hr3:Api:PackageDir={empty.Combine("no-api")}",
            $"--K2hr3:App:PackageDir={empty.Combine("no-app")}",
            $"--K2hr3:RabbitMq:ServerPath={empty.Combine("no-rabbitmq-server")}",
            $"--K2hr3:DataDir={empty.Combine("data")}",
            "--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // What `dotnet run --project K2hr3.AppHost` sets (launchSettings.json), on ports of this test.
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(PublishedDeployment.RepositoryRoot, "K2hr3.AppHost", "Properties", "launchSettings.json")))!["profiles"]!["http"]!;
        foreach (var (name, value) in profile["environmentVariables"]!.AsObject())
        {
            start.Environment[name] = value!.GetValue<string>();
        }

        var resourceService = new Uri("http://localhost:24382");
        start.Environment["ASPNETCORE_URLS"] = "http://localhost:24380";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:24381";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = resourceService.AbsoluteUri;

        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.WaitUntilAsync(() => lines.Any(l => l.Contains("Distributed application started", StringComparison.Ordinal)) || process.HasExited, RunTimeout, "the AppHost to start");
            Assert.False(process.HasExited, string.Join('\n', lines));

            // A dashboard call to the resource service, as an open dashboard page makes them (HTTP/2 gRPC).
            using var http = new HttpClient { DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(resourceService, "aspire.v1.DashboardService/GetApplicationInformation"))
            {
                Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken); // any answer: ASP.NET logged the request either way
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // let a request log line be written, if any
        }
        finally
        {
            UnixSignal.Send(process.Id, UnixSignal.SigInt);
            using var stop = new CancellationTokenSource(RunTimeout);
            await process.WaitForExitAsync(stop.Token);
        }

        var console = lines.ToList();
        Assert.DoesNotContain(console, line => line.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) || line.Contains("Request starting", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("K2HR3 runtime: processes", StringComparison.Ordinal));
        Assert.Contains(console, line => line.Contains("Dashboard:  http://localhost:24380", StringComparison.Ordinal));
    }

    [Fact]
    public void The_AppHosts_logging_settings_silence_circuit_errors_and_request_logs_but_not_K2hr3_or_Aspire()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(PublishedDeployment.RepositoryRoot, "K2hr3.AppHost", "appsettings.json"))
            .Build();
        using var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new FakeLoggerProvider()));

        // "Unhandled exception in circuit" (a closed dashboard tab) is an Error of this category.
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost").IsEnabled(LogLevel.Error));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("K2hr3.AppHost").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Aspire.Hosting.DistributedApplication").IsEnabled(LogLevel.Information));
    }
}
