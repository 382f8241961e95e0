namespace K2hr3.Tests.Api;

/// <summary>The K2HR3 API client against a real HTTP server: osnl-compatibility.md §8.4/§8.5 and the fixed retry loop (osnl-compatibility.md §9 #1, #2, #15).</summary>
public sealed class K2hr3ApiClientTests : IAsyncLifetime
{
    private const string Query = "?extra=openstack-auto-v1&cuk=12345678-1234-5678-1234-567812345678";
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private K2hr3ApiDouble _api = null!;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await K2hr3ApiDouble.StartAsync(cancellationToken: CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Success204IsOneBodilessDelete()
    {
        var result = await CreateClient(Settings()).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal(new ApiCallResult(true, 204, 1, ApiErrorKind.None, null), result);
        var request = Assert.Single(_api.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/v1/role" + Query, request.RawTarget);
        Assert.False(request.Headers.ContainsKey("content-type"));
        Assert.False(request.Headers.ContainsKey("content-length"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(404)]
    [InlineData(302)] // not followed: urllib does not redirect a DELETE either
    public async Task StatusErrorsAreFinalByDefault(int status)
    {
        _api.FaultEveryRequest = ApiFault.Status(status);

        var result = await CreateClient(Settings()).DeleteAsync(RequestUri(), CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal((status, 1, ApiErrorKind.HttpStatus), (result.StatusCode!.Value, result.Attempts, result.ErrorKind));
        Assert.Single(_api.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task ServerErrorsAreRetriedWhenConfiguredAndTheLastAttemptDecides(int status)
    {
        _api.FaultEveryRequest = ApiFault.Status(status);
        using var retries = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), OsnlTelemetry.Name, "k2hr3.osnl.api.retries");

        var result = await CreateClient(Settings() with { RetryServerErrors = true, MaxRetries = 2 }).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal((false, status, 3), (result.Succeeded, result.StatusCode!.Value, result.Attempts));
        Assert.Equal(3, _api.DeleteRequests.Count);
        Assert.Equal(2, retries.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task ClientErrorsAreNotRetriedEvenWithRetryServerErrors()
    {
        _api.FaultEveryRequest = ApiFault.Status(400);

        var result = await CreateClient(Settings() with { RetryServerErrors = true, MaxRetries = 2 }).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal((400, 1), (result.StatusCode, result.Attempts));
    }

    [Fact]
    public async Task SuccessAfterAReadTimeoutIsASuccessWithExactlyOne204()
    {
        _api.EnqueueFaults(ApiFault.Delay(TimeSpan.FromSeconds(5)));

        var result = await CreateClient(Settings() with { Timeout = TimeSpan.FromSeconds(1) }).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal(new ApiCallResult(true, 204, 2, ApiErrorKind.None, null), result);
        Assert.Equal([null, 204], _api.DeleteRequests.Select(request => request.ResponseStatus));
    }

    [Fact]
    public async Task ReadTimeoutsAreRetriedUpToMaxRetriesThenFail()
    {
        _api.FaultEveryRequest = ApiFault.Delay(TimeSpan.FromSeconds(5));

        var result = await CreateClient(Settings() with { Timeout = TimeSpan.FromSeconds(1), MaxRetries = 2 }).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal((false, 3, ApiErrorKind.Timeout), (result.Succeeded, result.Attempts, result.ErrorKind));
        Assert.Equal(3, _api.DeleteRequests.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)] // accepted by upstream, behaves like 0
    public async Task NoRetriesMeansASingleAttempt(int maxRetries)
    {
        _api.FaultEveryRequest = ApiFault.Delay(TimeSpan.FromSeconds(5));

        var result = await CreateClient(Settings() with { Timeout = TimeSpan.FromSeconds(1), MaxRetries = maxRetries }).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal((1, ApiErrorKind.Timeout), (result.Attempts, result.ErrorKind));
    }

    [Fact]
    public async Task ServerClosingWithoutAResponseIsAnOrdinaryFailure()
    {
        _api.FaultEveryRequest = ApiFault.Close();

        var result = await CreateClient(Settings()).DeleteAsync(RequestUri(), CancellationToken);

        Assert.Equal((false, 1, ApiErrorKind.Transport), (result.Succeeded, result.Attempts, result.ErrorKind));
    }

    [Fact]
    public async Task ConnectionRefusedIsFinalByDefaultAndRetriedWithRetryServerErrors()
    {
        var refusedUri = new Uri($"http://127.0.0.1:{FreePort.Next()}/v1/role{Query}");

        var final = await CreateClient(Settings()).DeleteAsync(refusedUri, CancellationToken);
        var retried = await CreateClient(Settings() with { RetryServerErrors = true, MaxRetries = 2 }).DeleteAsync(refusedUri, CancellationToken);

        Assert.Equal((ApiErrorKind.ConnectFailure, 1), (final.ErrorKind, final.Attempts));
        Assert.Equal((ApiErrorKind.ConnectFailure, 3), (retried.ErrorKind, retried.Attempts));
    }

    [Fact]
    public async Task SelfSignedCertificateFailsUnlessAllowed()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var https = await K2hr3ApiDouble.StartAsync(certificate: certificate, cancellationToken: CancellationToken);
        var uri = new Uri(https.RoleUri + Query);

        var strict = await CreateClient(Settings()).DeleteAsync(uri, CancellationToken);
        var lenient = await CreateClient(Settings() with { AllowSelfSignedCert = true }).DeleteAsync(uri, CancellationToken);

        Assert.Equal((false, ApiErrorKind.TlsFailure, 1), (strict.Succeeded, strict.ErrorKind, strict.Attempts));
        Assert.Equal((true, 204), (lenient.Succeeded, lenient.StatusCode));
    }

    [Fact]
    public async Task CancellationAbortsTheRetrySleep()
    {
        _api.FaultEveryRequest = ApiFault.Status(503);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(500));
        var client = CreateClient(Settings() with { RetryServerErrors = true, MaxRetries = 5, RetryInterval = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DeleteAsync(RequestUri(), cancellation.Token));

        Assert.Single(_api.Requests);
    }

    private ApiSettings Settings() => new()
    {
        ApiUrl = _api.RoleUri,
        Timeout = TimeSpan.FromSeconds(5),
        MaxRetries = 1,
        RetryInterval = TimeSpan.FromMilliseconds(50),
    };

    private Uri RequestUri() => new(_api.RoleUri + Query);

    private K2hr3ApiClient CreateClient(ApiSettings settings) => new(
        new HttpClient(K2hr3ApiClient.ConfigureHandler(settings)) { Timeout = Timeout.InfiniteTimeSpan },
        settings,
        new OsnlMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        TimeProvider.System,
        NullLogger<K2hr3ApiClient>.Instance);
}
