namespace K2hr3.Tests.AppHost;

/// <summary>
/// Health that means ready: with a broker but no K2HR3 API (the processes runtime with none of the upstream software),
/// the bootstrap shows a short "Skipped" state with its reason, the listener still starts, and it is unhealthy — with
/// the reason in its health description — because every DELETE it sent would be refused.
/// </summary>
public class ListenerHealthRunTests
{
    [Fact]
    public async Task WithoutAnApiTheBootstrapIsSkippedWithItsReasonAndTheRunningListenerIsUnhealthySayingItIsNotRegistered()
    {
        DeleteFlowApp.SkipUnlessBrokerInstalled();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var empty = new TempDirectory();
        using var broker = new PrivateBrokerArguments();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [
                .. AppHostModel.ProcessesRuntime,
                .. broker.Arguments,
                $"--K2hr3:Dkc:BinDir={empty.Path}",
                $"--K2hr3:Api:PackageDir={empty.Combine("no-api")}",
                $"--K2hr3:App:PackageDir={empty.Combine("no-app")}",
                $"--K2hr3:DataDir={empty.Combine("data")}",
            ],
            cancellationToken);
        await using var app = await builder.BuildAsync(cancellationToken);
        await using var logs = new ResourceLogs(app);
        await logs.StartAsync(TestConstants.ExtraLongTimeout, cancellationToken);

        var bootstrap = await app.ResourceNotifications.WaitForResourceAsync(
            K2hr3BootstrapBuilderExtensions.ResourceName, e => e.Snapshot.State?.Text == K2hr3BootstrapRunner.SkippedState, cancellationToken).WaitAsync(TestConstants.ExtraLongTimeout, cancellationToken);
        var reason = bootstrap.Snapshot.Properties.Single(p => p.Name == K2hr3BootstrapRunner.StepProperty);
        Assert.Contains("k2hr3-api cannot run here", reason.Value?.ToString(), StringComparison.Ordinal);
        Assert.True(reason.IsHighlighted);

        // Running (nothing held it back), but unhealthy, and the dashboard's health description says why.
        ResourceEvent? osnl = null;
        await logs.ExplainFailureAsync(async () => osnl = await app.ResourceNotifications.WaitForResourceAsync(
            OsnlResourceBuilderExtensions.ResourceName,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running
                && e.Snapshot.HealthReports.Any(r => r.Status == HealthStatus.Unhealthy && r.Description?.Contains("not registered in the K2HR3 delhost role", StringComparison.Ordinal) == true),
            cancellationToken).WaitAsync(TestConstants.ExtraLongTimeout, cancellationToken));
        var report = osnl!.Snapshot.HealthReports.Single(r => r.Status == HealthStatus.Unhealthy);
        Assert.Contains("no role token", report.Description, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", report.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, osnl.Snapshot.HealthStatus);

        await app.StopAsync(cancellationToken);
    }

    [Fact]
    public async Task ARegistrationTokenFileThatCannotBeReadStopsTheListenerWithOneLineNamingTheSetting()
    {
        using var empty = new TempDirectory();
        var missing = empty.Combine("k2hr3-role-token");
        await using var worker = WorkerProcessHandle.Start([], new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["K2hr3__Api__Url"] = "http://127.0.0.1:1",
            ["K2hr3__Api__RegistrationTokenFile"] = missing,
        });

        Assert.Equal(1, await worker.WaitForExitAsync(TestConstants.ExtraLongTimeout));
        Assert.Contains(worker.Lines, line => line.StartsWith("k2hr3-osnl: error: invalid value for K2hr3:Api:RegistrationTokenFile: '" + missing + "': cannot read the role token", StringComparison.Ordinal));
    }
}
