namespace K2hr3.Tests.AppHost;

/// <summary>Starts the AppHost through DCP (processes runtime) on a host with none of the upstream software.</summary>
public class DashboardRunTests
{
    private static readonly string[] K2hr3Resources =
        ["k2hdkc-0", "k2hdkc-0-chmpx", "k2hdkc-1", "k2hdkc-1-chmpx", "k2hr3-api", "k2hr3-api-chmpx", "k2hr3-app", "rabbitmq", "osnl"];

    [Fact]
    public async Task NothingInstalledTheAppStartsAndEveryK2hr3ResourceShowsWhyItCannotRun()
    {
        using var empty = new TempDirectory();
        var dataDir = empty.Combine("data");
        await using var builder = await AppHostModel.CreateAsync(
            "--K2hr3:Runtime=processes",
            $"--K2hr3:Dkc:BinDir={empty.Path}",
            $"--K2hr3:Api:PackageDir={empty.Combine("no-api")}",
            $"--K2hr3:App:PackageDir={empty.Combine("no-app")}",
            $"--K2hr3:DataDir={dataDir}",
            $"--K2hr3:RabbitMq:ServerPath={empty.Combine("rabbitmq-server")}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));

        await using var app = await builder.BuildAsync(timeout.Token);
        await using var resources = new ResourceLogs(app);

        // Returns once everything that can start has: nothing waits for a component that cannot run here.
        await resources.StartAsync(TimeSpan.FromSeconds(60), timeout.Token);

        foreach (var name in K2hr3Resources)
        {
            var resource = await app.ResourceNotifications.WaitForResourceAsync(
                name,
                e => e.Snapshot.State?.Text == K2hr3UnavailableResource.State,
                timeout.Token);
            var reason = Assert.IsType<string>(resource.Snapshot.Properties.Single(p => p.Name == K2hr3UnavailableResource.ReasonProperty).Value);
            Assert.Contains("K2hr3:", reason, StringComparison.Ordinal);
            Assert.Equal(KnownResourceStateStyles.Warn, resource.Snapshot.State?.Style);
        }

        // The reason is in the resource's console log too, where people look first.
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var firstLog = await logs.WatchAsync("k2hr3-api").FirstAsync(timeout.Token);
        Assert.Contains(firstLog, line => line.Content.Contains("k2hr3-api is not started: K2hr3:Api:PackageDir", StringComparison.Ordinal));

        // Generated files are written before anything starts, even when nothing can use them yet.
        Assert.True(File.Exists(Path.Combine(dataDir, "etc", "server-1.ini")));
        Assert.True(File.Exists(Path.Combine(dataDir, "etc", "slave.ini")));
        Assert.True(File.Exists(Path.Combine(dataDir, "api", "production.json")));
        Assert.True(File.Exists(Path.Combine(dataDir, "app", "production.json")));

        await app.StopAsync(timeout.Token);
    }
}
