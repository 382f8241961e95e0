namespace K2hr3.Tests.Containers;

/// <summary>
/// The whole AppHost through DCP on Podman with one K2HR3 image that does not exist: what a user who has not built the
/// images sees in the dashboard (<see cref="ContainerImageCheck"/>), not just a failed pull.
/// </summary>
public sealed class MissingImageRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ADataNodeWhoseImageIsMissingDoesNotStartAndItsResourceNamesTheBuildCommand()
    {
        PodmanImages.RequireLocalImages();
        var cancellationToken = TestContext.Current.CancellationToken;
        var tag = "0.0.0-missing-" + Guid.NewGuid().ToString("N")[..8];
        using var data = new TempDirectory();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [
                "--K2hr3:Runtime=containers",
                "--ASPIRE_CONTAINER_RUNTIME=podman",
                "--hostBuilder:reloadConfigOnChange=false",
                $"--K2hr3:DataDir={data.Path}",
                $"--Parameters:{RabbitMqResourceBuilderExtensions.PasswordParameterName}=missing-image-test",
                .. PodmanImages.AppHostSettings.Where(s => !s.StartsWith("--K2hr3:Images:K2hdkcTag=", StringComparison.Ordinal)),
                $"--K2hr3:Images:K2hdkcTag={tag}",
            ],
            cancellationToken);
        await using var app = await builder.BuildAsync(cancellationToken);
        await using var logs = new ResourceLogs(app, "k2hdkc-0");

        // Not awaited: Start does not return while the API and app wait for the data node that cannot start.
        var start = app.StartAsync(cancellationToken);
        var failed = await app.ResourceNotifications.WaitForResourceAsync(
            "k2hdkc-0",
            e => e.Snapshot.Properties.Any(p => p.Name == ContainerImageCheck.BuildCommandProperty) && e.Snapshot.State?.Text is { } state && state != KnownResourceStates.Starting,
            cancellationToken).WaitAsync(Timeout, cancellationToken);

        var command = $"bash {Path.Combine(TestData.RepositoryRoot, "eng", "build-images.sh")} --only k2hdkc";
        Assert.Equal(command, failed.Snapshot.Properties.Single(p => p.Name == ContainerImageCheck.BuildCommandProperty).Value);
        Assert.Contains(failed.Snapshot.State?.Text, new[] { ContainerImageCheck.State, KnownResourceStates.FailedToStart });
        Assert.Contains(failed.Snapshot.Commands, c => c.Name == ContainerImageCheck.BuildCommandName && c.State == ResourceCommandState.Enabled);
        // The resource's console as the dashboard reads it (its backlog). The line can reach it a moment after the
        // snapshot that carries the property (a CI run read an empty backlog once), so it is waited for.
        bool Names(string line) => line.Contains($"k2hdkc:{tag} is not in podman's image store", StringComparison.Ordinal) && line.Contains(command, StringComparison.Ordinal);
        IReadOnlyList<string> lines = [];
        await Record.ExceptionAsync(() => Eventually.WaitUntilAsync(
            async () => (lines = await logs.AllLinesAsync("k2hdkc-0")).Any(Names),
            TimeSpan.FromSeconds(30),
            "the missing image's console line",
            TimeSpan.FromMilliseconds(500)));
        Assert.Contains(lines, Names);
        Assert.False(start.IsCompletedSuccessfully, "the AppHost cannot have started every resource");
        await app.StopAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
        await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
    }
}
