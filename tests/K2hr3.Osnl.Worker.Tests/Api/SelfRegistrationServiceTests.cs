namespace K2hr3.Tests.Api;

/// <summary>The listener's self-registration against the API double (real HTTP on 127.0.0.1).</summary>
public class SelfRegistrationServiceTests
{
    [Fact]
    public async Task ItRetriesUntilTheApiAcceptsThenTheCallerAddressIsAMemberAndTheCheckIsHealthy()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var token = api.IssueRoleToken(K2hr3ApiDouble.DelHostRoleName);
        api.EnqueueFaults(ApiFault.Status(503)); // the API is still warming up
        await using var registration = Registration.For(api, token);

        Assert.Equal(HealthStatus.Unhealthy, await registration.HealthAsync());
        await registration.Service.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.WaitUntilAsync(() => registration.Status.Registered, TestConstants.DefaultTimeout, "the registration");

        var member = Assert.Single(api.HostsOf(K2hr3ApiDouble.DelHostRoleName));
        Assert.Equal(("127.0.0.1", "k2hr3-osnl"), (member.Ip, member.Tag));
        Assert.Equal(HealthStatus.Healthy, await registration.HealthAsync());
        Assert.Equal(2, api.Requests.Count(r => r.Method == "PUT"));
        Assert.Contains(registration.Log, line => line.Contains("(attempt 1): HTTP 503", StringComparison.Ordinal));
        Assert.DoesNotContain(registration.Log, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedTokenIsReportedWithoutTheTokenAndKeepsTheListenerUnhealthy()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var registration = Registration.For(api, "not-a-known-role-token");

        await registration.Service.StartAsync(TestContext.Current.CancellationToken);
        await api.WaitForRequestsAsync(1, TestConstants.DefaultTimeout, r => r.Method == "PUT");
        await Eventually.WaitUntilAsync(() => registration.Status.LastError is not null, TestConstants.DefaultTimeout, "the failure to be recorded");

        Assert.False(registration.Status.Registered);
        Assert.StartsWith("HTTP 401", registration.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, await registration.HealthAsync());
        Assert.Empty(api.HostsOf(K2hr3ApiDouble.DelHostRoleName));
        Assert.DoesNotContain(registration.Log, line => line.Contains("not-a-known-role-token", StringComparison.Ordinal));
    }

    private sealed class Registration : IAsyncDisposable
    {
        private readonly HttpClient _http = new();
        private readonly FakeLogger<SelfRegistrationService> _logger = new();

        private Registration(SelfRegistrationOptions options)
        {
            Status = new SelfRegistrationStatus();
            Service = new SelfRegistrationService(_http, options, Status, TimeProvider.System, _logger);
        }

        public SelfRegistrationStatus Status { get; }

        public SelfRegistrationService Service { get; }

        public IReadOnlyList<string> Log => [.. _logger.Collector.GetSnapshot().Select(record => record.Message)];

        public static Registration For(K2hr3ApiDouble api, string token)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>("K2hr3:Api:RegistrationToken", token)])
                .Build();
            return new Registration(SelfRegistrationOptions.FromConfiguration(configuration, new ApiSettings { ApiUrl = api.RoleUri })!);
        }

        public async Task<HealthStatus> HealthAsync()
            => (await new SelfRegistrationHealthCheck(Status).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status;

        public async ValueTask DisposeAsync()
        {
            await Service.StopAsync(CancellationToken.None);
            Service.Dispose();
            _http.Dispose();
        }
    }
}
