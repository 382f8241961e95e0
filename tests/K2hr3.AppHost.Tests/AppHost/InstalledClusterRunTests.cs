namespace K2hr3.Tests.AppHost;

/// <summary>
/// Runs the real cluster through DCP (processes runtime) on the from-source build of upstream K2HR3 (eng/build-upstream.sh,
/// found through K2HR3_TEST_UPSTREAM_PREFIX and handed to the AppHost as its one K2hr3:Upstream:Prefix setting); skipped
/// where that build is absent, never in CI (<see cref="UpstreamBuild"/>). Ports differ from the AppHost defaults and
/// the broker is a private node, so a running AppHost does not collide.
/// </summary>
public class InstalledClusterRunTests
{
    private const int ApiPort = 19080;
    private const int AppPort = 19081;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task DataTierReachesServiceinAndTheSlaveComesUp()
    {
        var upstream = UpstreamBuild.Require();
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, upstream, $"--K2hr3:Api:PackageDir={data.Combine("absent")}", $"--K2hr3:App:PackageDir={data.Combine("absent")}", "--K2hr3:Dkc:Storage=file");

        foreach (var name in new[] { "k2hdkc-0", "k2hdkc-1", "k2hr3-api-chmpx" })
        {
            await run.App.ResourceNotifications.WaitForResourceHealthyAsync(name, run.Timeout);
        }

        // File storage: each node keeps its own k2hash file under the data directory.
        Assert.True(File.Exists(data.Combine("k2hdkc", "k2hdkc-0.k2h")));
        Assert.True(File.Exists(data.Combine("k2hdkc", "k2hdkc-1.k2h")));
    }

    [Fact]
    public async Task ApiIssuesATokenItStoresInK2hdkcAndReadsBack()
    {
        var upstream = UpstreamBuild.Require();
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, upstream, $"--K2hr3:App:PackageDir={data.Combine("absent")}");
        await run.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hr3-api", run.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}") };

        using var issued = await client.PutAsync("/v1/user/tokens?username=runtest&password=x", null, run.Timeout);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>(run.Timeout)).GetProperty("token").GetString();
        Assert.False(string.IsNullOrEmpty(token));

        // Reading the tenant list needs the token back from k2hdkc.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/user/tokens");
        request.Headers.Add("x-auth-token", $"U={token}");
        using var tenants = await client.SendAsync(request, run.Timeout);
        Assert.Equal(HttpStatusCode.OK, tenants.StatusCode);
    }

    [Fact]
    public async Task AppServesItsPagePointingAtTheApi()
    {
        var upstream = UpstreamBuild.Require();
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, upstream);
        await run.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hr3-app", run.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AppPort}") };

        var page = await client.GetStringAsync("/", run.Timeout);

        // views/include/globalval.ejs hands the API address to the browser's JavaScript.
        Assert.Matches(@"r3apischeme:\s*'http'", page);
        Assert.Matches(@"r3apihost:\s*'localhost'", page);
        Assert.Matches($@"r3apiport:\s*'{ApiPort}'", page);
    }

    [Fact]
    public async Task ApiServesHttpsWithTheDevelopmentCertificateTheApphostMakes()
    {
        var upstream = UpstreamBuild.Require();
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, upstream, $"--K2hr3:App:PackageDir={data.Combine("absent")}", "--K2hr3:Api:Scheme=https");

        // Healthy means the AppHost's probes got through TLS, trusting only the development CA it wrote.
        await run.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hr3-api", run.Timeout);
        var trust = new LoopbackCertificateTrust(data.Combine("tls", "ca.crt"));
        using var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = trust.Validate } })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{ApiPort}"),
        };

        using var response = await client.GetAsync("/", run.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// A cold start of the two data nodes has left one out of service for minutes (its chmpx up, k2hdkc running, never
    /// [SERVICE IN]: in about one of ten starts on a loaded 2-core machine, not traced yet; README "Reliability").
    /// As <see cref="DeleteFlow.Support.RealCluster"/> does, a failed start is reported and tried once more (memory
    /// storage: fresh data either way); a second failure fails the test.
    /// </summary>
    private static async Task<ClusterRun> StartAsync(TempDirectory data, UpstreamBuild.Prefix upstream, params string[] extraArguments)
    {
        try
        {
            return await StartOnceAsync(data, upstream, extraArguments);
        }
        catch (Exception ex) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            TestContext.Current.SendDiagnosticMessage($"{nameof(InstalledClusterRunTests)}: start 1 failed, trying once more: {ex.Message}");
            TestContext.Current.TestOutputHelper?.WriteLine($"start 1 failed, trying once more: {ex.Message}");
            return await StartOnceAsync(data, upstream, extraArguments);
        }
    }

    private static async Task<ClusterRun> StartOnceAsync(TempDirectory data, UpstreamBuild.Prefix upstream, params string[] extraArguments)
    {
        var broker = new PrivateBrokerArguments();
        var builder = await AppHostModel.CreateAsync(
        [
            "--K2hr3:Runtime=processes",
            upstream.Argument,
            $"--K2hr3:DataDir={data.Path}",
            "--K2hr3:Dkc:BasePort=19020",
            "--K2hr3:Dkc:SlaveControlPort=19031",
            "--K2hr3:Dkc:Group=K2HR3APPHOSTTEST",
            "--K2hr3:Dkc:Storage=memory",
            $"--K2hr3:Api:Port={ApiPort}",
            $"--K2hr3:App:Port={AppPort}",
            .. broker.Arguments,
            .. extraArguments,
        ]);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        var app = await builder.BuildAsync(timeout.Token);
        var run = new ClusterRun(builder, app, broker, timeout);
        try
        {
            await using var resources = new ResourceLogs(app);
            await resources.StartAsync(StartTimeout, timeout.Token);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private sealed class ClusterRun(IAsyncDisposable builder, DistributedApplication app, PrivateBrokerArguments broker, CancellationTokenSource timeout) : IAsyncDisposable
    {
        public DistributedApplication App { get; } = app;

        public CancellationToken Timeout => timeout.Token;

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await App.StopAsync(stop.Token);
            await App.DisposeAsync();
            await builder.DisposeAsync();
            broker.Dispose();
            timeout.Dispose();
        }
    }
}
