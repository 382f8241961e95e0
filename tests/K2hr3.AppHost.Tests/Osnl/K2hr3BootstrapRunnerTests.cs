using Microsoft.Extensions.Hosting.Internal;

namespace K2hr3.Tests.Osnl;

/// <summary>
/// The bootstrap against the API double (real HTTP on 127.0.0.1), run directly on a built model's resource — no DCP:
/// what it asks the API, what state it publishes, and that secrets stay out of its log.
/// </summary>
public class K2hr3BootstrapRunnerTests
{
    [Fact]
    public async Task ItPreparesTheRoleTokenSeedsTheDemoVmAndConfirmsTheListenersRegistration()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var bootstrap = await BootstrapAsync(api, "--K2hr3:Api:UserName=admin", "--K2hr3:Api:Password=admin-secret");

        var run = bootstrap.RunAsync();
        await Eventually.WaitUntilAsync(() => bootstrap.Resource.RegistrationToken is not null, TestConstants.DefaultTimeout, "the role token");
        Assert.Equal(KnownResourceStates.Running, bootstrap.State.State?.Text);
        var demo = bootstrap.Resource.Settings;
        Assert.Contains(api.HostsOf(demo.DemoRole), host => host.Ip == demo.DemoIp && host.Cuk == demo.DemoCuk && host.Extra == "openstack-auto-v1");

        // What the listener does with the token it is handed.
        await RegisterAsListenerAsync(api, bootstrap.Resource.RegistrationToken!);
        await run.WaitAsync(TestConstants.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(KnownResourceStateStyles.Success, bootstrap.State.State?.Style);
        Assert.Equal("127.0.0.1", bootstrap.Property(K2hr3BootstrapRunner.ListenerAddressProperty));
        // The real API reads a missing role as an empty one (200): the role must be declared before its token is asked for.
        var requests = api.Requests.ToList();
        var declared = requests.FindIndex(r => r.Method == "PUT" && r.Path == "/v1/role" && r.Query["name"] == demo.DelHostRole);
        var tokenAsked = requests.FindIndex(r => r.Method == "GET" && r.Path == $"/v1/role/token/{demo.DelHostRole}");
        Assert.InRange(declared, 0, tokenAsked - 1);
        Assert.DoesNotContain(bootstrap.Log, line => line.Contains("admin-secret", StringComparison.Ordinal) || line.Contains(bootstrap.Resource.RegistrationToken!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExistingDelHostRoleIsLeftAsItIs()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        api.RegisterHost(K2hr3ApiDouble.DelHostRoleName, new RegisteredHost("192.0.2.10", 0, string.Empty, string.Empty, "operator"));
        await using var bootstrap = await BootstrapAsync(api, "--K2hr3:Api:UserName=admin", "--K2hr3:Bootstrap:RegistrationWaitSeconds=1");

        await bootstrap.RunAsync().WaitAsync(TestConstants.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(api.Requests, r => r.Method == "PUT" && r.Path == "/v1/role" && r.Query["name"] == K2hr3ApiDouble.DelHostRoleName);
        Assert.Equal(["192.0.2.10"], api.HostsOf(K2hr3ApiDouble.DelHostRoleName).Select(h => h.Ip));
        Assert.NotNull(bootstrap.Resource.RegistrationToken);
        Assert.Equal(KnownResourceStateStyles.Warn, bootstrap.State.State?.Style); // the listener never registered here
    }

    [Fact]
    public async Task WhenTheApiKeepsFailingItGivesUpAfterTheConfiguredAttemptsWithoutLeakingThePassword()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        api.FaultEveryRequest = ApiFault.Status(503);
        await using var bootstrap = await BootstrapAsync(api, "--K2hr3:Api:UserName=admin", "--K2hr3:Api:Password=admin-secret", "--K2hr3:Bootstrap:Attempts=2");

        await bootstrap.RunAsync().WaitAsync(TestConstants.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(KnownResourceStates.FailedToStart, bootstrap.State.State?.Text);
        Assert.Null(bootstrap.Resource.RegistrationToken);
        Assert.True(2 == api.Requests.Count(r => r.Path == "/v1/user/tokens"), string.Join("; ", api.Requests));
        Assert.Contains(bootstrap.Log, line => line.Contains("HTTP 503", StringComparison.Ordinal));
        Assert.DoesNotContain(bootstrap.Log, line => line.Contains("admin-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APremadeRoleTokenIsHandedOverWithoutCredentials()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var token = api.IssueRoleToken(K2hr3ApiDouble.DelHostRoleName);
        await using var bootstrap = await BootstrapAsync(api, $"--K2hr3:Api:RegistrationToken={token}");

        await bootstrap.RunAsync().WaitAsync(TestConstants.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(token, bootstrap.Resource.RegistrationToken);
        Assert.Equal(KnownResourceStates.Running, bootstrap.State.State?.Text);
        Assert.All(api.Requests, r => Assert.Equal("/", r.Path)); // only the readiness probe: no admin calls, no demo
    }

    [Fact]
    public async Task WithoutCredentialsOrTokenTheListenerStartsUnregisteredAndTheApiIsNotCalled()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var bootstrap = await BootstrapAsync(api);

        await bootstrap.RunAsync().WaitAsync(TestConstants.DefaultTimeout, TestContext.Current.CancellationToken);

        // A short plain state (nothing waits for a skipped bootstrap) and the whole reason in the highlighted property.
        Assert.Equal(K2hr3BootstrapRunner.SkippedState, bootstrap.State.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Warn, bootstrap.State.State?.Style);
        var reason = bootstrap.State.Properties.Single(p => p.Name == K2hr3BootstrapRunner.StepProperty);
        Assert.True(reason.IsHighlighted);
        Assert.Equal(K2hr3BootstrapRunner.StepDisplayName, reason.DisplayName);
        Assert.Contains("K2hr3:Api:RegistrationToken", reason.Value?.ToString(), StringComparison.Ordinal);
        Assert.Contains("unhealthy", reason.Value?.ToString(), StringComparison.Ordinal);
        Assert.Null(bootstrap.Resource.RegistrationToken);
        Assert.Empty(api.Requests);
        Assert.Contains(bootstrap.Log, line => line.Contains("K2hr3:Api:RegistrationToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AListenerStartLateInTheRoleTokensLifetimeGetsARenewedTokenAndAFailedRenewalHandsOverTheCurrentOne()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bootstrap = await BootstrapAsync(
            api, "--K2hr3:Api:UserName=admin", "--K2hr3:Api:Password=admin-secret", "--K2hr3:Bootstrap:RoleTokenExpirySeconds=3600", "--K2hr3:Bootstrap:RegistrationWaitSeconds=1");
        var run = bootstrap.RunAsync(time);
        await Eventually.WaitUntilAsync(() => bootstrap.Resource.RegistrationToken is not null, TestConstants.DefaultTimeout, "the role token");
        var first = bootstrap.Resource.RegistrationToken!;
        // No listener registers here: let the bootstrap's wait for one run out on the fake clock.
        await Eventually.WaitUntilAsync(() => { time.Advance(TimeSpan.FromSeconds(2)); return run.IsCompleted; }, TestConstants.DefaultTimeout, "the bootstrap to finish");
        var cancellationToken = TestContext.Current.CancellationToken;

        Assert.Equal(first, await bootstrap.Resource.GetRegistrationTokenAsync(cancellationToken)); // most of the hour left
        time.Advance(TimeSpan.FromMinutes(55));
        var renewed = await bootstrap.Resource.GetRegistrationTokenAsync(cancellationToken);

        Assert.NotNull(renewed);
        Assert.NotEqual(first, renewed);
        Assert.Equal(renewed, bootstrap.Resource.RegistrationToken);
        var roleTokenRequests = api.Requests.Where(r => r.Method == "GET" && r.Path == $"/v1/role/token/{K2hr3ApiDouble.DelHostRoleName}").ToList();
        Assert.Equal(2, roleTokenRequests.Count);
        Assert.All(roleTokenRequests, r => Assert.Equal("3600", r.Query["expire"]));
        await RegisterAsListenerAsync(api, renewed);

        api.FaultEveryRequest = ApiFault.Status(503);
        time.Advance(TimeSpan.FromMinutes(55));
        Assert.Equal(renewed, await bootstrap.Resource.GetRegistrationTokenAsync(cancellationToken));
        Assert.Contains(bootstrap.Log, line => line.StartsWith("Renewed the role token for delhostrole", StringComparison.Ordinal));
        Assert.Contains(bootstrap.Log, line => line.StartsWith("Renewing the role token for delhostrole failed", StringComparison.Ordinal) && line.Contains("503", StringComparison.Ordinal));
        Assert.DoesNotContain(bootstrap.Log, line => line.Contains("admin-secret", StringComparison.Ordinal) || line.Contains(first, StringComparison.Ordinal) || line.Contains(renewed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApisEchoOfAnUnknownTokenIsRedacted()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        var client = new K2hr3AdminClient(http, api.BaseUri);

        var error = await Assert.ThrowsAsync<K2hr3ApiException>(() => client.GetRoleAsync("bogus-user-token", "delhostrole", TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains("token(***)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bogus-user-token", error.Message, StringComparison.Ordinal);
    }

    private static async Task RegisterAsListenerAsync(K2hr3ApiDouble api, string roleToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(api.BaseUri, "v1/role/delhostrole?port=0&tag=k2hr3-osnl"));
        request.Headers.Add("x-auth-token", "R=" + roleToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<BootstrapRun> BootstrapAsync(K2hr3ApiDouble api, params string[] args)
    {
        var model = await AppHostModel.CreateForProcessesAsync([$"--K2hr3:Api:Url={api.BaseUri}", "--K2hr3:Bootstrap:RegistrationWaitSeconds=10", .. args]);
        return new BootstrapRun(model);
    }

    private sealed class BootstrapRun : IAsyncDisposable
    {
        private readonly IDistributedApplicationTestingBuilder _model;

        public BootstrapRun(IDistributedApplicationTestingBuilder model)
        {
            _model = model;
            _notifications = new ResourceNotificationService(NullLogger<ResourceNotificationService>.Instance, _lifetime, _services, new ResourceLoggerService());
            Resource = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        }

        private readonly FakeLogger _logger = new();
        private readonly HttpClient _http = new();
        private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
        private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
        private readonly ResourceNotificationService _notifications;

        public ResourceNotificationService Notifications => _notifications;

        public K2hr3BootstrapResource Resource { get; }

        public CustomResourceSnapshot State => _notifications.TryGetCurrentState(Resource.Name, out var current) ? current.Snapshot : throw new InvalidOperationException("no state published");

        public IReadOnlyList<string> Log => [.. _logger.Collector.GetSnapshot().Select(record => record.Message)];

        public string? Property(string name) => State.Properties.SingleOrDefault(p => p.Name == name)?.Value?.ToString();

        /// <summary>Runs the bootstrap; its HTTP client outlives the run, as in the AppHost (renewals use it later).</summary>
        public async Task RunAsync(TimeProvider? time = null) =>
            await new K2hr3BootstrapRunner(Resource, _notifications, _logger, time ?? TimeProvider.System).RunAsync(_http, TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            _notifications.Dispose();
            await _services.DisposeAsync();
            await _model.DisposeAsync();
        }
    }
}
