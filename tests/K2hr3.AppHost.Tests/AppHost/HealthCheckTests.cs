using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace K2hr3.Tests.AppHost;

/// <summary>The AppHost's own health checks against real HTTP(S) servers on 127.0.0.1 and a stand-in chmpxstatus.</summary>
public class HealthCheckTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiRootProbePassesOnTheAnswerK2hr3ApiGives()
    {
        await using var server = await StartServerAsync(certificate: null);
        using var client = new HttpClient();

        var root = await Check(new K2hr3HttpHealthCheck(client, server.BaseAddress, K2hr3ApiBuilderExtensions.RootProbe));

        Assert.Equal(HealthStatus.Healthy, root.Status);
        Assert.Equal(["GET /"], server.Requests);
    }

    [Fact]
    public async Task ApiK2hdkcProbeWritesOneTokenThenOnlyReadsItBack()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: Token);
        using var client = new HttpClient();
        var probe = new K2hdkcReadProbe();
        const int Checks = 20;

        var results = new List<HealthCheckResult>();
        for (var i = 0; i < Checks; i++)
        {
            results.Add(await Check(new K2hdkcReadHealthCheck(client, api.BaseUri, probe)));
        }

        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal("PUT /v1/user/tokens = 201: token stored in k2hdkc (later checks read it back)", results[0].Description);
        Assert.Equal("HEAD /v1/user/tokens = 204: the probe's token read back from k2hdkc", results[^1].Description);
        Assert.Equal(1, api.Requests.Count(IsTokenWrite));
        var reads = api.Requests.Where(r => r.Method == "HEAD").ToList();
        Assert.Equal(Checks - 1, reads.Count);
        Assert.All(reads, r => Assert.Equal(204, r.ResponseStatus));
    }

    [Fact]
    public async Task ApiK2hdkcProbeIssuesANewTokenOnlyWhenTheOldOneNoLongerReadsBack()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: Token);
        using var client = new HttpClient();
        var time = new SettableTime(DateTimeOffset.UtcNow);
        var probe = new K2hdkcReadProbe(time);
        Assert.Equal(HealthStatus.Healthy, (await probe.CheckAsync(client, api.BaseUri, Token)).Status);

        // Gone right after it was stored: k2hdkc is not answering reads — unhealthy, and no write to paper over it.
        api.ForgetUserTokens();
        var lost = await probe.CheckAsync(client, api.BaseUri, Token);
        Assert.Equal(HealthStatus.Unhealthy, lost.Status);
        Assert.StartsWith("HEAD /v1/user/tokens = 401: the token stored 0 s ago does not read back", lost.Description, StringComparison.Ordinal);
        Assert.Equal(1, api.Requests.Count(IsTokenWrite));

        // Later (an expired token, or in-memory data lost in a restart): one new token proves the write path again.
        time.Advance(K2hdkcReadProbe.MinimumReissueInterval);
        var renewed = await probe.CheckAsync(client, api.BaseUri, Token);
        var readAgain = await probe.CheckAsync(client, api.BaseUri, Token);

        Assert.Equal(HealthStatus.Healthy, renewed.Status);
        Assert.StartsWith("PUT /v1/user/tokens = 201", renewed.Description, StringComparison.Ordinal);
        Assert.StartsWith("HEAD /v1/user/tokens = 204", readAgain.Description, StringComparison.Ordinal);
        Assert.Equal(2, api.Requests.Count(IsTokenWrite));
    }

    [Fact]
    public async Task ApiK2hdkcProbeReportsAFailedWriteOrReadWithoutTheToken()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: Token);
        using var client = new HttpClient();
        var probe = new K2hdkcReadProbe();

        api.EnqueueFaults(ApiFault.Status(503));
        var failedWrite = await probe.CheckAsync(client, api.BaseUri, Token);
        Assert.Equal(HealthStatus.Unhealthy, failedWrite.Status);
        Assert.Equal("PUT /v1/user/tokens = 503, expected 201", failedWrite.Description);

        Assert.Equal(HealthStatus.Healthy, (await probe.CheckAsync(client, api.BaseUri, Token)).Status);
        api.EnqueueFaults(ApiFault.Status(500));
        var failedRead = await probe.CheckAsync(client, api.BaseUri, Token);
        Assert.Equal(HealthStatus.Unhealthy, failedRead.Status);
        Assert.Equal("HEAD /v1/user/tokens = 500, expected 204", failedRead.Description);

        // The refused write and the accepted one; a failed read is not answered with a write.
        Assert.Equal(2, api.Requests.Count(IsTokenWrite));
    }

    private static bool IsTokenWrite(RecordedRequest request) =>
        request.Path == "/v1/user/tokens" && request.Method is "PUT" or "POST";

    [Fact]
    public async Task AWrongStatusOrNoServerIsUnhealthyWithoutLeakingTheQuery()
    {
        await using var server = await StartServerAsync(certificate: null);
        using var client = new HttpClient();
        var wrongStatus = new HttpProbe(HttpMethod.Put, "/v1/missing?password=secret", HttpStatusCode.Created, "n/a");

        var unexpected = await Check(new K2hr3HttpHealthCheck(client, server.BaseAddress, wrongStatus));
        Assert.Equal(HealthStatus.Unhealthy, unexpected.Status);
        Assert.Equal("PUT /v1/missing = 404, expected 201", unexpected.Description);

        var closedPort = new Uri($"http://127.0.0.1:{ClosedPort()}");
        var refused = await Check(new K2hr3HttpHealthCheck(client, closedPort, K2hr3AppBuilderExtensions.PageProbe));
        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.StartsWith("GET / failed:", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsProbeTrustsTheDevelopmentCaAndNothingElse()
    {
        using var dir = new TempDirectory();
        var files = new TlsFiles(dir.Combine("tls", "server.key"), dir.Combine("tls", "server.crt"), dir.Combine("tls", "ca.crt"));
        DevelopmentCertificates.Ensure(files, ["k2hr3-api"], TimeProvider.System);
        using var certificate = X509Certificate2.CreateFromPemFile(files.CertFile, files.KeyFile);
        await using var server = await StartServerAsync(certificate);

        using var trusting = new HttpClient(Handler(new LoopbackCertificateTrust(files.CaFile)));
        Assert.Equal(HealthStatus.Healthy, (await Check(new K2hr3HttpHealthCheck(trusting, server.BaseAddress, K2hr3AppBuilderExtensions.PageProbe))).Status);

        var otherFiles = new TlsFiles(dir.Combine("other", "server.key"), dir.Combine("other", "server.crt"), dir.Combine("other", "ca.crt"));
        DevelopmentCertificates.Ensure(otherFiles, [], TimeProvider.System);
        using var distrusting = new HttpClient(Handler(new LoopbackCertificateTrust(otherFiles.CaFile)));
        Assert.Equal(HealthStatus.Unhealthy, (await Check(new K2hr3HttpHealthCheck(distrusting, server.BaseAddress, K2hr3AppBuilderExtensions.PageProbe))).Status);
    }

    [Fact]
    public async Task ChmpxCheckRunsChmpxstatusWaitModeForTheNodeAndAcceptsAnyListedState()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("calls.log");

        // Stand-in for chmpxstatus (not installed here): records its arguments; "in the ring, not suspended" only.
        var chmpxStatus = dir.Combine("chmpxstatus");
        FakeInstallation.WriteExecutable(chmpxStatus, $"#!/bin/sh\necho \"$*\" >> '{log}'\ncase \"$*\" in *'-ring servicein -nosuspend'*) exit 0;; esac\necho '[ERR] status mismatch' >&2\nexit 1\n");
        var invocation = new LocalChmpxStatus(chmpxStatus, "/data/etc/server-1.ini", 18023);

        var serverUp = await Check(new ChmpxStatusHealthCheck(invocation, ChmpxState.ServerUp, EmptyServices()));

        Assert.Equal(HealthStatus.Healthy, serverUp.Status);
        Assert.Equal("chmpx is up/servicein/nosuspend", serverUp.Description);
        Assert.Equal(
            [
                "-conf /data/etc/server-1.ini -ctlport 18023 -self -wait -live up -ring serviceout -suspend -timeout 1",
                "-conf /data/etc/server-1.ini -ctlport 18023 -self -wait -live up -ring servicein -suspend -timeout 1",
                "-conf /data/etc/server-1.ini -ctlport 18023 -self -wait -live up -ring servicein -nosuspend -timeout 1",
            ],
            File.ReadAllLines(log));
    }

    [Theory]
    [InlineData("[SERVICE IN][UP][ADD][Done][NoSuspend]", false)]
    [InlineData("[SERVICE IN][UP][ADD][Pending][NoSuspend]", false)]
    [InlineData("[SERVICE IN][UP][n/a][Nothing][NoSuspend]", true)]
    public async Task DataNodeCheckWaitsUntilTheNodesJoinIsFinished(string selfStatus, bool healthy)
    {
        using var dir = new TempDirectory();

        // Stand-in for chmpxstatus: wait mode says "servicein" (it ignores the merge part); -self alone prints the status.
        var chmpxStatus = dir.Combine("chmpxstatus");
        FakeInstallation.WriteExecutable(
            chmpxStatus,
            $"#!/bin/sh\ncase \"$*\" in *-wait*) echo SUCCEED; exit 0;; esac\nprintf 'self chmpx = {{\\n  hostname = node-1\\n  status = SAFE -> {selfStatus}\\n}}\\n'\n");

        var invocation = new LocalChmpxStatus(chmpxStatus, dir.Combine("server-1.ini"), 18023);
        var result = await Check(new ChmpxStatusHealthCheck(invocation, [ChmpxState.ServiceIn], EmptyServices()));

        Assert.Equal(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, result.Status);
        Assert.Equal(
            healthy
                ? "chmpx is up/servicein/nosuspend/merged"
                : $"chmpx is not up/servicein/nosuspend/merged yet: in the ring but its join is not finished: {selfStatus}",
            result.Description);

        // A join that does not finish within the wait is served from anyway, as before the wait existed, and says so:
        // in the description and with one warning in the node's console.
        var logs = new ResourceLoggerService();
        var services = new ServiceCollection().AddSingleton(logs).BuildServiceProvider();
        var node = new ExecutableResource($"k2hdkc-late-{healthy}", chmpxStatus, dir.Path);
        var lateCheck = new ChmpxStatusHealthCheck(invocation, [ChmpxState.ServiceIn], services, joinWait: TimeSpan.Zero, node: node);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var console = logs.WatchAsync(node.Name).GetAsyncEnumerator(watching.Token);
        var firstBatch = console.MoveNextAsync().AsTask();
        var late = await Check(lateCheck);
        Assert.Equal(HealthStatus.Healthy, late.Status);
        Assert.Equal(
            healthy ? "chmpx is up/servicein/nosuspend/merged" : $"chmpx is in the ring, its join still {selfStatus} after 0 s: serving anyway, the ring keeper nudges it",
            late.Description);
        await Check(lateCheck);

        // Whatever the two checks wrote has reached the watcher within a second; then the watch is stopped.
        var warnings = new List<string>();
        watching.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            for (var more = await firstBatch; more; more = await console.MoveNextAsync())
            {
                warnings.AddRange(console.Current.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        await console.DisposeAsync();
        // Each console line starts with its timestamp; one warning however many checks see the join unfinished.
        var expected = $"{node.Name}: its join is still unfinished after 0 s ({selfStatus}); counted as ready anyway — what is written before the join finishes may be missing from a node";
        Assert.Equal(healthy ? 0 : 1, warnings.Count);
        Assert.All(warnings, line => Assert.EndsWith(" " + expected, line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[SERVICE IN][UP][ADD][Doing][NoSuspend]", false)]
    [InlineData("[SERVICE IN][UP][n/a][Nothing][NoSuspend]", true)]
    public async Task SlaveCheckWaitsUntilItSeesEveryServerMerged(string secondServer, bool healthy)
    {
        using var dir = new TempDirectory();

        // Stand-in for chmpxstatus: wait mode says "slave"; without -wait it prints the slave's view of the servers.
        var view = dir.Combine("view.txt");
        File.WriteAllText(view, ChmpxRingViewTests.SlaveOutput(secondServer));
        var chmpxStatus = dir.Combine("chmpxstatus");
        FakeInstallation.WriteExecutable(chmpxStatus, $"#!/bin/sh\ncase \"$*\" in *-wait*) echo SUCCEED; exit 0;; esac\ncat '{view}'\n");

        var result = await Check(new ChmpxStatusHealthCheck(new LocalChmpxStatus(chmpxStatus, dir.Combine("slave.ini"), 18031), [ChmpxState.Slave], EmptyServices()));

        Assert.Equal(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, result.Status);
        Assert.Equal(
            healthy
                ? "chmpx is up/slave/nosuspend/merged"
                : $"chmpx is not up/slave/nosuspend/merged yet: in the ring but its join is not finished: it sees server 192.0.2.2:18023 at {secondServer}",
            result.Description);
    }

    [Fact]
    public async Task DataNodeJoinWaitStartsAfreshOnceTheNodeLeftTheRing()
    {
        using var dir = new TempDirectory();

        // Stand-in for chmpxstatus: in the ring (wait mode succeeds) while the file "in-ring" exists, joining for good.
        var inRing = dir.Combine("in-ring");
        var chmpxStatus = dir.Combine("chmpxstatus");
        FakeInstallation.WriteExecutable(
            chmpxStatus,
            $"#!/bin/sh\ncase \"$*\" in *-wait*) [ -e '{inRing}' ] && {{ echo SUCCEED; exit 0; }}; echo FAILED; exit 1;; esac\nprintf 'self chmpx = {{\\n  hostname = node-9\\n  status = SAFE -> [SERVICE IN][UP][ADD][Doing][NoSuspend]\\n}}\\n'\n");
        File.WriteAllText(inRing, string.Empty);
        var joinWait = TimeSpan.FromSeconds(5);
        var check = new ChmpxStatusHealthCheck(new LocalChmpxStatus(chmpxStatus, dir.Combine("server-9.ini"), 18093), [ChmpxState.ServiceIn], EmptyServices(), joinWait);

        Assert.Equal(HealthStatus.Unhealthy, (await Check(check)).Status);
        await Task.Delay(joinWait + TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, (await Check(check)).Status);

        // The node leaves the ring (stopped) and comes back: its join gets the whole wait again.
        File.Delete(inRing);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(check)).Status);
        File.WriteAllText(inRing, string.Empty);
        var back = await Check(check);
        Assert.Equal(HealthStatus.Unhealthy, back.Status);
        Assert.EndsWith("in the ring but its join is not finished: [SERVICE IN][UP][ADD][Doing][NoSuspend]", back.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChmpxCheckReportsChmpxstatusErrorWhenNoStateMatches()
    {
        using var dir = new TempDirectory();
        var chmpxStatus = dir.Combine("chmpxstatus");
        FakeInstallation.WriteExecutable(chmpxStatus, "#!/bin/sh\necho '[ERR] Could not initialize(attach) chmpx shared memory.' >&2\nexit 1\n");

        var result = await Check(new ChmpxStatusHealthCheck(new LocalChmpxStatus(chmpxStatus, "/x/slave.ini", 18031), [ChmpxState.Slave], EmptyServices()));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("chmpx is not up/slave/nosuspend/merged yet: [ERR] Could not initialize(attach) chmpx shared memory.", result.Description);
    }

    [Fact]
    public void DevelopmentCertificateCoversLoopbackAndIsReusedUntilCloseToExpiry()
    {
        using var dir = new TempDirectory();
        var files = new TlsFiles(dir.Combine("server.key"), dir.Combine("server.crt"), dir.Combine("ca.crt"));

        Assert.True(DevelopmentCertificates.Ensure(files, ["k2hr3-api", "k2hr3-app"], TimeProvider.System));
        Assert.False(DevelopmentCertificates.Ensure(files, ["k2hr3-api", "k2hr3-app"], TimeProvider.System));
        Assert.True(DevelopmentCertificates.Ensure(files, ["k2hr3-api", "k2hr3-app"], new FixedTime(DateTimeOffset.UtcNow.AddYears(2))));

        using var server = X509Certificate2.CreateFromPem(File.ReadAllText(files.CertFile));
        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "k2hr3-api", "k2hr3-app"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.KeyFile));
        }
    }

    private static async Task<HealthCheckResult> Check(IHealthCheck check) =>
        await check.CheckHealthAsync(new HealthCheckContext(), Token);

    private static IServiceProvider EmptyServices() => new ServiceCollection().BuildServiceProvider();

    private static SocketsHttpHandler Handler(LoopbackCertificateTrust trust) =>
        new() { SslOptions = { RemoteCertificateValidationCallback = trust.Validate } };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A real Kestrel server on 127.0.0.1 answering like k2hr3-api's and k2hr3-app's GET / (200).</summary>
    private static async Task<TestServer> StartServerAsync(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new TestServer(app);
        app.Use(async (context, next) =>
        {
            server.Requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/", () => Results.Json(new { version = new[] { "v1" } }));
        await app.StartAsync(Token);
        return server;
    }

    private sealed class TestServer(WebApplication app) : IAsyncDisposable
    {
        public List<string> Requests { get; } = [];

        public Uri BaseAddress
        {
            get
            {
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
                return new UriBuilder(address) { Host = "127.0.0.1" }.Uri;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
