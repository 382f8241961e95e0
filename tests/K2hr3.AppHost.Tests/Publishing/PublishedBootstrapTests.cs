namespace K2hr3.Tests.Publishing;

/// <summary>
/// The published deployment's <c>osnl-bootstrap</c> service and listener, run as the compose file says — the same
/// command and environment, with only the addresses compose's network would give replaced by this host's — against
/// the real K2HR3 API (processes runtime, from-source build) on fresh data. Until a container runtime runs in CI, the
/// listener image's entry point (<c>k2hr3-osnl</c>) runs as the built program.
/// </summary>
[Collection(PublishedDeploymentCollection.Name)]
public sealed class PublishedBootstrapTests(PublishedDeployment deployment)
{
    // This class's fixed ports (24000-24999) and chmpx group: clear of every other real-stack test.
    private const int ApiPort = 24080;
    private static readonly TimeSpan StackTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    /// <summary>What an operator's .env holds for the automatic path on a K2HR3 without Keystone: nothing but the broker's password.</summary>
    private static readonly Dictionary<string, string> DotEnv = new()
    {
        ["RABBITMQ_PASSWORD"] = "unused-here",
        ["K2HR3_ADMIN_USER"] = string.Empty,
        ["K2HR3_ADMIN_PASSWORD"] = string.Empty,
        ["K2HR3_REGISTRATION_TOKEN"] = string.Empty,
    };

    [Fact]
    public async Task OnFreshDataTheBootstrapServiceAuthorizesTheListenerItsDeleteIsAnswered204AndASecondRunDuplicatesNothing()
    {
        var upstream = UpstreamBuild.Require();
        Assert.SkipWhen(RabbitMqBroker.UnavailableReason is not null, RabbitMqBroker.UnavailableReason ?? string.Empty);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var broker = await RabbitMqBroker.StartNewAsync(cancellationToken);
        await using var stack = await RealApi.StartAsync(upstream, data, cancellationToken);

        var volume = data.Combine("osnl-registration");
        Directory.CreateDirectory(volume);
        var bootstrapService = deployment.Service(K2hr3BootstrapBuilderExtensions.ResourceName);
        var bootstrapEnvironment = ServiceEnvironment(bootstrapService, stack.ApiUrl, volume);
        var listenerEnvironment = ServiceEnvironment(deployment.Service(OsnlResourceBuilderExtensions.ResourceName), stack.ApiUrl, volume);
        listenerEnvironment["ConnectionStrings__rabbitmq"] = broker.AmqpUri.AbsoluteUri;
        var health = new Uri($"http://127.0.0.1:{FreePort.Next()}/health");
        listenerEnvironment["ASPNETCORE_URLS"] = health.GetLeftPart(UriPartial.Authority);
        var command = bootstrapService.List("command");
        var tokenFile = bootstrapEnvironment[OsnlResourceBuilderExtensions.RegistrationTokenFileVariable];

        // First run, fresh data: nothing in the delhost role yet.
        var admin = await stack.AdminAsync(cancellationToken);
        Assert.True((await admin.Client.GetRoleAsync(admin.UserToken, K2hr3BootstrapSettings.DefaultDelHostRole, cancellationToken))?.IsEmpty ?? true, "the data is not fresh");
        var first = await RunToExitAsync(command, bootstrapEnvironment);
        Assert.True(first.ExitCode == 0, string.Join('\n', first.Lines));
        var token = File.ReadAllText(tokenFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(tokenFile));
        Assert.DoesNotContain(first.Lines, line => line.Contains(token, StringComparison.Ordinal));

        Dictionary<string, string[]> afterFirst;
        await using (var listener = await StartHealthyListenerAsync(listenerEnvironment, health))
        {
            var delHostRole = await admin.Client.GetRoleAsync(admin.UserToken, K2hr3BootstrapSettings.DefaultDelHostRole, cancellationToken);
            Assert.Equal(["127.0.0.1"], delHostRole!.AddressesTagged(K2hr3BootstrapSettings.ListenerTag));
            afterFirst = await RealApi.RolesAsync(admin, cancellationToken);

            // A simulated neutron port delete for a VM of a role of this test.
            var role = $"published-{Guid.NewGuid():N}"[..20];
            var cuk = Guid.NewGuid().ToString();
            await admin.Client.CreateRoleAsync(admin.UserToken, role, cancellationToken);
            await admin.Client.AddHostAsync(admin.UserToken, role, "172.16.0.1", cuk, "openstack-auto-v1", cancellationToken);
            await using (var amqp = await AmqpTestClient.ConnectAsync(broker, cancellationToken: cancellationToken))
            {
                await amqp.PublishAsync("neutron", "notifications", OsloSamples.NeutronPortDelete(cuk));
            }

            await Eventually.WaitUntilAsync(
                async () => !(await admin.Client.GetRoleAsync(admin.UserToken, role, cancellationToken))!.HasIp("172.16.0.1", cuk),
                StepTimeout,
                $"the VM {cuk} removed from {role}; listener: {string.Join(" | ", listener.Lines.TakeLast(5))}",
                TimeSpan.FromSeconds(1));
            var deleted = new Regex($@"""DELETE /v1/role\?\S*cuk={Regex.Escape(cuk)}\S* HTTP/[\d.]+"" 204 ");
            Assert.Contains(await stack.Logs.AllLinesAsync("k2hr3-api"), deleted.IsMatch);
        }

        // Second run (as every `docker compose up` does), and the listener started again with the new token.
        var second = await RunToExitAsync(command, bootstrapEnvironment);
        Assert.True(second.ExitCode == 0, string.Join('\n', second.Lines));
        Assert.Contains(second.Lines, line => line.Contains($"Role {K2hr3BootstrapSettings.DefaultDelHostRole} exists (left as it is)", StringComparison.Ordinal));
        await using (await StartHealthyListenerAsync(listenerEnvironment, health))
        {
            var afterSecond = await RealApi.RolesAsync(admin, cancellationToken);
            // Same roles (the delhost role only: no demo data in a deployment), each exactly as before: one listener entry.
            Assert.Equal([K2hr3BootstrapSettings.DefaultDelHostRole], afterSecond.Keys);
            Assert.Equal(afterFirst, afterSecond);
        }
    }

    /// <summary>
    /// The service's environment as compose resolves it with <see cref="DotEnv"/>, with the API container's address and
    /// the shared volume's mount point replaced by this host's API and a directory.
    /// </summary>
    private static Dictionary<string, string> ServiceEnvironment(YamlMappingNode service, Uri apiUrl, string volume)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in service.Map("environment").Keys())
        {
            var value = ComposeInterpolation.Resolve(service.Map("environment").Scalar(name), DotEnv);
            environment[name] = value
                .Replace("http://k2hr3-api:18080", apiUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                .Replace(ComposeWriter.RegistrationMountPath, volume, StringComparison.Ordinal);
        }

        return environment;
    }

    private static async Task<WorkerProcessHandle> StartHealthyListenerAsync(Dictionary<string, string> environment, Uri health)
    {
        var listener = WorkerProcessHandle.Start([], environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.WaitUntilAsync(
            async () =>
            {
                Assert.False(listener.HasExited, $"the listener exited: {string.Join('\n', listener.Lines)}");
                try
                {
                    using var response = await http.GetAsync(health, TestContext.Current.CancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            StepTimeout,
            "the listener healthy (registered)",
            TimeSpan.FromMilliseconds(500));
        return listener;
    }

    private static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunToExitAsync(IReadOnlyList<string> command, Dictionary<string, string> environment)
    {
        await using var run = WorkerProcessHandle.Start(command, environment);
        var exitCode = await run.WaitForExitAsync(StepTimeout);
        return (exitCode, run.Lines);
    }

    /// <summary>The real data tier and API from the from-source build; no broker, so no listener of the AppHost's.</summary>
    private sealed class RealApi : IAsyncDisposable
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
        private readonly IDistributedApplicationTestingBuilder _builder;
        private readonly DistributedApplication _app;

        private RealApi(IDistributedApplicationTestingBuilder builder, DistributedApplication app, ResourceLogs logs)
        {
            _builder = builder;
            _app = app;
            Logs = logs;
        }

        public Uri ApiUrl { get; } = new($"http://127.0.0.1:{ApiPort}/");

        public ResourceLogs Logs { get; }

        public static async Task<RealApi> StartAsync(UpstreamBuild.Prefix upstream, TempDirectory data, CancellationToken cancellationToken)
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
                [
                    .. AppHostModel.ProcessesRuntime,
                    upstream.Argument,
                    $"--K2hr3:DataDir={data.Combine("apphost")}",
                    $"--K2hr3:App:PackageDir={data.Combine("no-app")}",
                    $"--K2hr3:RabbitMq:ServerPath={data.Combine("no-rabbitmq-server")}",
                    "--K2hr3:Dkc:BasePort=24020",
                    "--K2hr3:Dkc:SlaveControlPort=24031",
                    "--K2hr3:Dkc:Group=K2HR3FIRSTHOUR",
                    "--K2hr3:Dkc:Storage=memory",
                    $"--K2hr3:Api:Port={ApiPort}",
                    "--K2hr3:App:Port=24081",
                ],
                cancellationToken);
            var app = await builder.BuildAsync(cancellationToken);
            var logs = new ResourceLogs(app);
            var api = new RealApi(builder, app, logs);
            try
            {
                await logs.StartAsync(StackTimeout, cancellationToken);
                await logs.ExplainFailureAsync(() => app.ResourceNotifications.WaitForResourceHealthyAsync("k2hr3-api", cancellationToken).WaitAsync(StackTimeout, cancellationToken));
                return api;
            }
            catch
            {
                await api.DisposeAsync();
                throw;
            }
        }

        public async Task<(K2hr3AdminClient Client, string UserToken)> AdminAsync(CancellationToken cancellationToken)
        {
            var client = new K2hr3AdminClient(_http, ApiUrl);
            var (token, _) = await client.GetScopedTokenAsync("k2hr3-first-hour", string.Empty, K2hr3BootstrapSettings.DefaultAdminTenant, cancellationToken);
            return (client, token);
        }

        /// <summary>The roles the bootstrap could touch, each as its sorted policies, aliases and hosts.</summary>
        public static async Task<Dictionary<string, string[]>> RolesAsync((K2hr3AdminClient Client, string UserToken) admin, CancellationToken cancellationToken)
        {
            var roles = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var name in new[] { K2hr3BootstrapSettings.DefaultDelHostRole, new K2hr3BootstrapSettings().DemoRole })
            {
                var role = await admin.Client.GetRoleAsync(admin.UserToken, name, cancellationToken);
                if (role is { IsEmpty: false })
                {
                    roles[name] = [.. role.Policies.Select(p => "policy " + p), .. role.Aliases.Select(a => "alias " + a), .. role.HostNames.Select(h => "host " + h), .. role.Ips.Select(i => "ip " + i)];
                }
            }

            return roles;
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await _app.StopAsync(stop.Token);
            }
            finally
            {
                await Logs.DisposeAsync();
                await _app.DisposeAsync();
                await _builder.DisposeAsync();
                _http.Dispose();
            }
        }
    }
}

/// <summary>Compose's variable interpolation, as far as the published file uses it: <c>${N:-default}</c>, <c>${N:?error}</c>, <c>$$</c>.</summary>
internal static partial class ComposeInterpolation
{
    public static string Resolve(string value, IReadOnlyDictionary<string, string> variables)
        => Interpolation().Replace(value, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var set = variables.GetValueOrDefault(match.Groups["name"].Value) is { Length: > 0 } given ? given : null;
            return match.Groups["op"].Value switch
            {
                ":-" => set ?? match.Groups["arg"].Value,
                ":?" => set ?? throw new InvalidOperationException($"compose would refuse: {match.Groups["arg"].Value}"),
                _ => set ?? string.Empty,
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\?)(?<arg>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
