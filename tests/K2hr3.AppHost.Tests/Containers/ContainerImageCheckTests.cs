using Aspire.Hosting.Eventing;

namespace K2hr3.Tests.Containers;

/// <summary>
/// A K2HR3 image the engine neither has nor can pull shows, on its resource, the command that builds it
/// (<see cref="ContainerImageCheck"/>): the decision alone, then with the real Podman asked about an image that does not
/// exist (an inspect only: no pull, no container).
/// </summary>
public sealed class ContainerImageCheckTests
{
    private const string Repository = "/src/k2hr3-aspire";

    [Theory]
    [InlineData("localhost/k2hr3/k2hdkc:1.0.17", "k2hdkc")]
    [InlineData("localhost/k2hr3/rabbitmq:3.10.8", "rabbitmq")]
    [InlineData("docker.io/antpickax/k2hr3-api:1.0.42", "k2hr3-api")]
    [InlineData("registry.example.test/antpickax/k2hr3-app:2.0.1", "k2hr3-app")]
    [InlineData("antpickax/k2hdkc", "k2hdkc")]
    [InlineData("docker.io/library/rabbitmq:4.3-management", null)]
    [InlineData("localhost:5000/other/k2hdkc:1", null)]
    public void OnlyK2hr3ImagesAreChecked(string image, string? buildName)
    {
        Assert.Equal(buildName, ContainerImageCheck.BuildName(image));
    }

    [Fact]
    public void ALocalImageThatIsMissingNamesTheScriptThatBuildsIt()
    {
        var missing = ContainerImageCheck.Decide("localhost/k2hr3/k2hdkc:1.0.17", present: false, pullError: null, "podman", Repository);

        Assert.NotNull(missing);
        Assert.Equal("bash /src/k2hr3-aspire/eng/build-images.sh --only k2hdkc", missing.BuildCommand);
        Assert.Equal("localhost/k2hr3/k2hdkc:1.0.17 is not in podman's image store (no registry serves localhost/) — build it: bash /src/k2hr3-aspire/eng/build-images.sh --only k2hdkc", missing.Message);
    }

    [Fact]
    public void AnUpstreamImageThatCannotBePulledNamesTheBuildAndTheSettingsThatSwitchToIt()
    {
        var missing = ContainerImageCheck.Decide("docker.io/antpickax/k2hr3-api:1.0.42", present: false, "Error: initializing source docker://antpickax/k2hr3-api:1.0.42: dial tcp: lookup registry-1.docker.io: no such host", "podman", Repository);

        Assert.NotNull(missing);
        Assert.Equal("bash /src/k2hr3-aspire/eng/build-images.sh --only k2hr3-api, then start the AppHost with $(bash /src/k2hr3-aspire/eng/build-images.sh --settings)", missing.BuildCommand);
        Assert.Contains("cannot be pulled (Error: initializing source docker://antpickax/k2hr3-api:1.0.42: dial tcp", missing.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void OnDockerTheBuiltImageIsLoadedFromPodman()
    {
        var missing = ContainerImageCheck.Decide("localhost/k2hr3/k2hr3-app:2.0.1", present: false, pullError: null, "docker", Repository);

        Assert.Equal("bash /src/k2hr3-aspire/eng/build-images.sh --only k2hr3-app && podman save localhost/k2hr3/k2hr3-app:2.0.1 | docker load", missing?.BuildCommand);
    }

    [Fact]
    public void TheBuildCommandIsOfferedOnlyWhereTheScriptMakesThatImage()
    {
        var repository = TestData.RepositoryRoot;

        Assert.Equal([Path.Combine(repository, "eng", "build-images.sh"), "--only", "k2hdkc"], ContainerImageCheck.BuildScriptArguments("localhost/k2hr3/k2hdkc:1.0.17", "podman", repository)!);
        Assert.Null(ContainerImageCheck.BuildScriptArguments("localhost/k2hr3/k2hdkc:1.0.17", "docker", repository));
        Assert.Null(ContainerImageCheck.BuildScriptArguments("docker.io/antpickax/k2hdkc:1.0.17", "podman", repository));
        Assert.Null(ContainerImageCheck.BuildScriptArguments("localhost/k2hr3/k2hdkc:1.0.17", "podman", Repository));
    }

    [Fact]
    public void APresentImageOrAnotherImageIsNotReported()
    {
        Assert.Null(ContainerImageCheck.Decide("localhost/k2hr3/k2hdkc:1.0.17", present: true, pullError: null, "podman", Repository));
        Assert.Null(ContainerImageCheck.Decide("docker.io/library/rabbitmq:4.3-management", present: false, "no such host", "podman", Repository));
    }

    [Theory]
    [InlineData("Error: localhost/k2hr3/k2hdkc:0: image not known\n", true)]
    [InlineData("Error: No such object: localhost/k2hr3/k2hdkc:0\n", true)]
    [InlineData("Error response from daemon: No such image: antpickax/k2hdkc:1.0.17\n", true)]
    [InlineData("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", false)]
    [InlineData("podman did not finish within 30 s", false)]
    public void OnlyAnEngineThatSaysTheImageIsAbsentCountsAsMissing(string standardError, bool absent)
    {
        // Anything else (no daemon, a busy engine past the timeout) is left to Aspire's own start.
        Assert.Equal(absent, ContainerImageCheck.SaysNoSuchImage(standardError));
    }

    [Fact]
    public async Task RealPodmanWithoutTheImageGivesTheResourceTheStatePropertyAndLogLineWithTheCommand()
    {
        RequirePodman();
        var tag = "0.0.0-missing-" + Guid.NewGuid().ToString("N")[..8];
        using var data = new TempDirectory();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args =
            [
                "--K2hr3:Runtime=containers", "--K2hr3:ContainerRuntime=podman", $"--K2hr3:DataDir={data.Path}", "--K2hr3:Dkc:Nodes=1",
                $"--K2hr3:ContainersDir={Path.Combine(TestData.RepositoryRoot, "containers")}",
                "--K2hr3:Images:Registry=localhost", "--K2hr3:Images:K2hdkc=k2hr3/k2hdkc", $"--K2hr3:Images:K2hdkcTag={tag}",
            ],
            AssemblyName = typeof(K2hr3ClusterBuilder).Assembly.GetName().Name,
            DisableDashboard = true,
        });
        builder.AddK2hr3Cluster().AddK2hdkcNodes();
        await using var app = builder.Build();
        var node = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<K2hdkcContainerResource>().Single();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var collect = Task.Run(async () =>
        {
            await foreach (var batch in logs.WatchAsync(node.Name).WithCancellation(watching.Token))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                }
            }
        }, TestContext.Current.CancellationToken);

        // What Aspire publishes before it creates the container.
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.Services.GetRequiredService<IDistributedApplicationEventing>()
            .PublishAsync(new BeforeResourceStartedEvent(node, app.Services), TestContext.Current.CancellationToken));

        var command = $"bash {Path.Combine(TestData.RepositoryRoot, "eng", "build-images.sh")} --only k2hdkc";
        Assert.Contains(command, error.Message, StringComparison.Ordinal);
        Assert.True(app.Services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState(node.Name, out var current));
        Assert.Equal(ContainerImageCheck.State, current.Snapshot.State?.Text);
        Assert.Contains(current.Snapshot.Properties, p => p.Name == ContainerImageCheck.BuildCommandProperty && Equals(p.Value, command));

        // Podman and a localhost/k2hr3 image: the script makes this very image, so the dashboard offers to run it.
        Assert.Contains(current.Snapshot.Commands, c => c.Name == ContainerImageCheck.BuildCommandName && c.State == ResourceCommandState.Enabled && c.DisplayName == "Build image");
        await Eventually.WaitUntilAsync(
            () => lines.Any(l => l.Contains($"localhost/k2hr3/k2hdkc:{tag} is not in podman's image store", StringComparison.Ordinal) && l.Contains(command, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the console line naming the image and the command");
        await watching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collect);
    }

    [Fact]
    public async Task RealPodmanWithTheLocalImagesReportsNothing()
    {
        RequirePodman();
        if (!PodmanImages.Available)
        {
            Assert.Skip("the local images are not built (bash eng/build-images.sh)");
        }

        Assert.Null(await ContainerImageCheck.CheckAsync("podman", PodmanImages.References[0], TestData.RepositoryRoot, TestContext.Current.CancellationToken));
    }

    private static void RequirePodman()
    {
        if (!File.Exists("/usr/bin/podman") && !PodmanImages.Required)
        {
            Assert.Skip("podman is not installed (sudo bash .ci/setup-machine installs it)");
        }
    }
}
