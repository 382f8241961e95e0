namespace K2hr3.Tests.Publishing;

/// <summary>
/// The published deployment brought up for real: <c>docker-compose.yaml</c> and <c>.env</c> from the AppHost's publish,
/// docker-compose (Debian's 1.29) against Podman's Docker API socket, the images of eng/build-images.sh. Podman runs
/// healthchecks on systemd timers and this machine has no systemd, so the test drives them (<c>podman healthcheck run</c>
/// every few seconds), as an operator's cron or loop would. The only addition to the published file is a test override
/// that publishes the broker's port, so the test can publish notifications as OpenStack would.
/// </summary>
[Collection(K2hr3.Tests.Containers.PodmanCollection.Name)]
public sealed class PublishedComposeOnPodmanTests
{
    private const int ApiPort = 19680;
    private const int AppPort = 19681;
    private const int BrokerPort = 19672;
    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ComposeUpOnPodmanBecomesHealthyInOrderServesTheDeleteFlowWithARegistrationTokenAndDownLeavesNothing()
    {
        PodmanImages.RequireLocalImages();
        if (!File.Exists("/usr/bin/docker-compose"))
        {
            PodmanImages.Unavailable("docker-compose is not installed (apt-get install docker-compose)");
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        await using var deployment = new AsyncDisposableDeployment(await PublishedDeployment.PublishWithAsync([.. PodmanImages.AppHostSettings, $"--K2hr3:Api:Port={ApiPort}", $"--K2hr3:App:Port={AppPort}"]));
        using var work = new TempDirectory("k2hr3-compose-");
        var password = Guid.NewGuid().ToString("N");
        var project = $"k2hr3test{Guid.NewGuid():N}"[..16];
        var overrideFile = work.Write("override.yaml", $"services:\n  rabbitmq:\n    ports:\n    - 127.0.0.1:{BrokerPort}:5672\n");
        WriteDotEnv(deployment.Value, password, registrationToken: string.Empty);

        await using var engine = await PodmanApiService.StartAsync(work.Combine("podman.sock"));
        using var stopHealthchecks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var healthchecks = DriveHealthchecksAsync(project, stopHealthchecks.Token);
        Task<CommandLine.Result> Compose(params string[] arguments)
            => CommandLine.RunAsync("docker-compose", ["-p", project, "-f", deployment.Value.PathOf("docker-compose.yaml"), "-f", overrideFile, .. arguments], ComposeTimeout, new Dictionary<string, string> { ["DOCKER_HOST"] = engine.Address }, deployment.Value.OutputDirectory);
        try
        {
            // The registration-token path: the data tier and the API first, then an administrator's role token in .env.
            var api = await Compose("up", "-d", "k2hr3-api");
            Assert.True(api.Succeeded, api.Output);
            await WaitHealthyAsync(project, "k2hr3-api");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var admin = await ClusterAdmin.ConnectAsync(http, new Uri($"http://127.0.0.1:{ApiPort}/"), "k2hr3-e2e");
            await admin.Client.CreateRoleAsync(admin.UserToken, K2hr3.Bootstrap.K2hr3BootstrapSettings.DefaultDelHostRole, cancellationToken);
            var registrationToken = await admin.Client.CreateRoleTokenAsync(admin.UserToken, K2hr3.Bootstrap.K2hr3BootstrapSettings.DefaultDelHostRole, 0, cancellationToken);
            WriteDotEnv(deployment.Value, password, registrationToken);

            var up = await Compose("up", "-d");
            Assert.True(up.Succeeded, up.Output);
            foreach (var service in new[] { "k2hdkc-0", "k2hdkc-1", "rabbitmq", "k2hr3-api", "k2hr3-app", OsnlResourceBuilderExtensions.ResourceName })
            {
                await WaitHealthyAsync(project, service);
            }

            // Readiness order: each service started after what it depends on; the bootstrap finished before the listener.
            var states = new Dictionary<string, ContainerState>();
            foreach (var service in new[] { "k2hdkc-0", "k2hdkc-1", "rabbitmq", "k2hr3-api", "k2hr3-app", K2hr3BootstrapBuilderExtensions.ResourceName, OsnlResourceBuilderExtensions.ResourceName })
            {
                states[service] = await InspectAsync(project, service);
            }

            Assert.Equal(0, states[K2hr3BootstrapBuilderExtensions.ResourceName].ExitCode);
            Assert.True(states["k2hr3-api"].StartedAt > new[] { states["k2hdkc-0"].StartedAt, states["k2hdkc-1"].StartedAt }.Max(), "k2hr3-api started before the data nodes");
            Assert.True(states["k2hr3-app"].StartedAt > states["k2hr3-api"].StartedAt, "k2hr3-app started before k2hr3-api");
            Assert.True(states[K2hr3BootstrapBuilderExtensions.ResourceName].StartedAt > states["k2hr3-api"].StartedAt, "the bootstrap started before k2hr3-api");
            Assert.True(states[OsnlResourceBuilderExtensions.ResourceName].StartedAt > states[K2hr3BootstrapBuilderExtensions.ResourceName].FinishedAt, "the listener started before the bootstrap finished");
            Assert.True(states[OsnlResourceBuilderExtensions.ResourceName].StartedAt > states["rabbitmq"].StartedAt, "the listener started before the broker");
            Assert.DoesNotContain(registrationToken, (await CommandLine.RunAsync("podman", ["logs", states[K2hr3BootstrapBuilderExtensions.ResourceName].Id], TimeSpan.FromSeconds(30))).Output, StringComparison.Ordinal);

            // The listener registered itself with the token; OpenStack-style notifications through the published broker port.
            var delHostRole = await admin.GetRoleAsync(K2hr3.Bootstrap.K2hr3BootstrapSettings.DefaultDelHostRole);
            Assert.NotEmpty(delHostRole.AddressesTagged(K2hr3.Bootstrap.K2hr3BootstrapSettings.ListenerTag));
            var role = $"compose-{Guid.NewGuid():N}"[..20];
            var port = Guid.NewGuid().ToString();
            var instance = Guid.NewGuid().ToString();
            await admin.Client.CreateRoleAsync(admin.UserToken, role, cancellationToken);
            await admin.AddHostAsync(role, "10.0.1.5", port);
            await admin.AddHostAsync(role, "10.0.1.6", instance);
            var broker = $"amqp://guest:{password}@127.0.0.1:{BrokerPort}/";
            await NotificationPublisher.PublishAsync(broker, OsnlSource.Neutron, DeleteNotifications.NeutronPortDelete(port, ["10.0.1.5"], DateTime.UtcNow), cancellationToken);
            await NotificationPublisher.PublishAsync(broker, OsnlSource.Nova, DeleteNotifications.NovaInstanceDelete(instance, DateTime.UtcNow), cancellationToken);
            await RealApiChecks.WaitUntilGoneAsync(admin, role, "10.0.1.5", port);
            await RealApiChecks.WaitUntilGoneAsync(admin, role, "10.0.1.6", instance);
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    var log = (await CommandLine.RunAsync("podman", ["logs", states["k2hr3-api"].Id], TimeSpan.FromSeconds(30))).Output;
                    return RealApiChecks.DeleteAnswered(port).IsMatch(log) && RealApiChecks.DeleteAnswered(instance).IsMatch(log);
                },
                TimeSpan.FromSeconds(30),
                "the API's access log: both DELETE …cuk=… answered 204");
        }
        finally
        {
            await stopHealthchecks.CancelAsync();
            await healthchecks;
            var down = await Compose("down", "-v", "-t", "10");
            Assert.True(down.Succeeded, down.Output);
        }

        // down -v: no container, volume or network of the project is left.
        Assert.Empty(await PodmanImages.LinesAsync("ps", "-a", "-q", "--filter", $"label=com.docker.compose.project={project}"));
        Assert.DoesNotContain(await PodmanImages.LinesAsync("volume", "ls", "--format", "{{.Name}}"), v => v.StartsWith($"{project}_", StringComparison.Ordinal));
        Assert.DoesNotContain("k2hr3", await PodmanImages.LinesAsync("network", "ls", "--format", "{{.Name}}"));
    }

    private static void WriteDotEnv(PublishedDeployment deployment, string password, string registrationToken)
    {
        var path = deployment.PathOf(".env");
        var lines = File.ReadAllLines(path).Select(line => line.Split('=', 2)[0] switch
        {
            "RABBITMQ_PASSWORD" => $"RABBITMQ_PASSWORD={password}",
            "K2HR3_REGISTRATION_TOKEN" => $"K2HR3_REGISTRATION_TOKEN={registrationToken}",
            _ => line,
        });
        File.WriteAllLines(path, lines);
    }

    /// <summary>What a systemd timer would do: run every container's healthcheck of the project every 3 s.</summary>
    private static async Task DriveHealthchecksAsync(string project, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var running = await CommandLine.RunAsync("podman", ["ps", "-q", "--filter", $"label=com.docker.compose.project={project}"], TimeSpan.FromSeconds(30));
                foreach (var id in running.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    await CommandLine.RunAsync("podman", ["healthcheck", "run", id], TimeSpan.FromSeconds(60));
                }

                await Task.Delay(TimeSpan.FromSeconds(3), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task WaitHealthyAsync(string project, string service)
        => Eventually.WaitUntilAsync(
            async () => (await InspectAsync(project, service)).Health == "healthy",
            HealthyTimeout,
            $"compose service {service} healthy",
            TimeSpan.FromSeconds(2));

    private sealed record ContainerState(string Id, string? Health, int ExitCode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

    private static async Task<ContainerState> InspectAsync(string project, string service)
    {
        var id = Assert.Single(await PodmanImages.LinesAsync("ps", "-a", "-q", "--filter", $"label=com.docker.compose.project={project}", "--filter", $"label=com.docker.compose.service={service}"));
        var json = string.Join('\n', await PodmanImages.LinesAsync("inspect", "--format", "{{json .State}}", id));
        using var state = JsonDocument.Parse(json);
        var root = state.RootElement;
        var health = root.TryGetProperty("Health", out var h) && h.ValueKind == JsonValueKind.Object ? h.GetProperty("Status").GetString() : null;
        return new ContainerState(id, health, root.GetProperty("ExitCode").GetInt32(), root.GetProperty("StartedAt").GetDateTimeOffset(), root.GetProperty("FinishedAt").GetDateTimeOffset());
    }

    /// <summary>The publish's output and data folders, removed at the end of the test.</summary>
    private sealed class AsyncDisposableDeployment(PublishedDeployment value) : IAsyncDisposable
    {
        public PublishedDeployment Value { get; } = value;

        public ValueTask DisposeAsync() => Value.DisposeAsync();
    }

    /// <summary>
    /// <c>podman system service</c> on a socket of the test: Podman's Docker API for docker-compose. Started from "/":
    /// conmon inherits the service's working directory, and every container start fails ("write child: broken pipe")
    /// once that directory is gone.
    /// </summary>
    private sealed class PodmanApiService : IAsyncDisposable
    {
        private readonly Process _process;

        private PodmanApiService(Process process, string socket)
        {
            _process = process;
            Address = $"unix://{socket}";
        }

        public string Address { get; }

        public static async Task<PodmanApiService> StartAsync(string socket)
        {
            var start = new ProcessStartInfo("podman", ["system", "service", "--time=0", $"unix://{socket}"])
            {
                WorkingDirectory = "/",
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("podman system service did not start");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var service = new PodmanApiService(process, socket);
            await Eventually.WaitUntilAsync(() => File.Exists(socket) || process.HasExited, TimeSpan.FromSeconds(30), $"podman's API socket {socket}");
            Assert.False(process.HasExited, $"podman system service exited with {(process.HasExited ? process.ExitCode : 0)}");
            return service;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            _process.Dispose();
        }
    }
}
