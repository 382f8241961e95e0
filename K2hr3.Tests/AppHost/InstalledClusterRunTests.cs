using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using K2hr3.AppHost.Hosting;
using K2hr3.Tests.DeleteFlow.Support;

namespace K2hr3.Tests.AppHost;

/// <summary>
/// Runs the real cluster through DCP (processes runtime) where the upstream software is installed; skipped otherwise.
/// Point the tests at an installation with K2HR3_TEST_CHMPX_BIN_DIR (chmpx, chmpxstatus, k2hdkc; else PATH),
/// K2HR3_TEST_API_PACKAGE_DIR and K2HR3_TEST_APP_PACKAGE_DIR (installed npm packages or built checkouts).
/// Ports differ from the AppHost defaults and the broker is a private node, so a running AppHost does not collide.
/// </summary>
public class InstalledClusterRunTests
{
    private const int ApiPort = 19080;
    private const int AppPort = 19081;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Data_tier_reaches_servicein_and_the_slave_comes_up()
    {
        var binDir = RequireChmpx();
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, binDir, apiPackage: data.Combine("absent"), appPackage: data.Combine("absent"), "--K2hr3:Dkc:Storage=file");

        foreach (var name in new[] { "k2hdkc-0", "k2hdkc-1", "k2hr3-api-chmpx" })
        {
            await run.App.ResourceNotifications.WaitForResourceHealthyAsync(name, run.Timeout);
        }

        // File storage: each node keeps its own k2hash file under the data directory.
        Assert.True(File.Exists(data.Combine("k2hdkc", "k2hdkc-0.k2h")));
        Assert.True(File.Exists(data.Combine("k2hdkc", "k2hdkc-1.k2h")));
    }

    [Fact]
    public async Task Api_issues_a_token_it_stores_in_k2hdkc_and_reads_back()
    {
        var binDir = RequireChmpx();
        var apiPackage = RequirePackage("K2HR3_TEST_API_PACKAGE_DIR", "k2hr3-api");
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, binDir, apiPackage, appPackage: data.Combine("absent"));
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
    public async Task App_serves_its_page_pointing_at_the_api()
    {
        var binDir = RequireChmpx();
        var apiPackage = RequirePackage("K2HR3_TEST_API_PACKAGE_DIR", "k2hr3-api");
        var appPackage = RequirePackage("K2HR3_TEST_APP_PACKAGE_DIR", "k2hr3-app");
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, binDir, apiPackage, appPackage);
        await run.App.ResourceNotifications.WaitForResourceHealthyAsync("k2hr3-app", run.Timeout);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AppPort}") };

        var page = await client.GetStringAsync("/", run.Timeout);

        // views/include/globalval.ejs hands the API address to the browser's JavaScript.
        Assert.Matches(@"r3apischeme:\s*'http'", page);
        Assert.Matches(@"r3apihost:\s*'localhost'", page);
        Assert.Matches($@"r3apiport:\s*'{ApiPort}'", page);
    }

    [Fact]
    public async Task Api_serves_https_with_the_development_certificate_the_apphost_makes()
    {
        var binDir = RequireChmpx();
        var apiPackage = RequirePackage("K2HR3_TEST_API_PACKAGE_DIR", "k2hr3-api");
        using var data = new TempDirectory();
        await using var run = await StartAsync(data, binDir, apiPackage, appPackage: data.Combine("absent"), "--K2hr3:Api:Scheme=https");

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

    private static string RequireChmpx()
    {
        var configured = Environment.GetEnvironmentVariable("K2HR3_TEST_CHMPX_BIN_DIR");
        var chmpx = ExecutableLocator.Find("chmpx", string.IsNullOrEmpty(configured) ? null : configured, Environment.GetEnvironmentVariable("PATH"));
        if (chmpx is null)
        {
            Assert.Skip("chmpx not installed: set K2HR3_TEST_CHMPX_BIN_DIR");
        }

        return Path.GetDirectoryName(chmpx)!;
    }

    private static string RequirePackage(string variable, string package)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        var probe = NodePackageLocator.Probe(package, string.IsNullOrEmpty(configured) ? null : configured, variable, [], NodePackageLocator.DefaultGlobalRoots);
        if (probe.Package is null)
        {
            Assert.Skip($"{package} not installed: set {variable}");
        }

        return probe.Package.Root;
    }

    private static async Task<ClusterRun> StartAsync(TempDirectory data, string binDir, string apiPackage, string appPackage, params string[] extraArguments)
    {
        var broker = new PrivateBrokerArguments();
        var builder = await AppHostModel.CreateAsync(
        [
            "--K2hr3:Runtime=processes",
            $"--K2hr3:Dkc:BinDir={binDir}",
            $"--K2hr3:Api:PackageDir={apiPackage}",
            $"--K2hr3:App:PackageDir={appPackage}",
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
