namespace K2hr3.Tests.Publishing;

/// <summary>
/// The published API healthcheck run as compose runs it (<c>node -e &lt;script&gt;</c>, a new process every 10 s)
/// against the K2HR3 API double: one token write per container life, reads after that.
/// </summary>
public class ComposeApiHealthcheckTests
{
    [Fact]
    public async Task RepeatedHealthchecksWriteOneTokenAndThenReadItBack()
    {
        var node = NodeOnPath();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        var tokenFile = dir.Combine("health.token");
        var healthcheck = ComposeHealthchecks.ApiK2hdkc(K2hr3Scheme.Http, api.Port, tokenFile);
        const int Runs = 6;

        for (var i = 0; i < Runs; i++)
        {
            var run = await RunAsync(node, healthcheck);
            Assert.True(run.Succeeded, $"run {i}: exit {run.ExitCode} {run.Output}");
        }

        Assert.Equal(1, api.Requests.Count(IsTokenWrite));
        Assert.Equal(Runs - 1, api.Requests.Count(r => r.Method == "HEAD" && r.ResponseStatus == 204));
        Assert.Equal(Runs, api.Requests.Count(r => r.Method == "GET" && r.Path == "/"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }

        // The token expired (or went with in-memory data): the next check writes a new one, the one after reads it.
        api.ForgetUserTokens();
        Assert.True((await RunAsync(node, healthcheck)).Succeeded);
        Assert.True((await RunAsync(node, healthcheck)).Succeeded);
        Assert.Equal(2, api.Requests.Count(IsTokenWrite));
    }

    [Fact]
    public async Task AFailingApiFailsTheHealthcheck()
    {
        var node = NodeOnPath();
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var dir = new TempDirectory();
        var healthcheck = ComposeHealthchecks.ApiK2hdkc(K2hr3Scheme.Http, api.Port, dir.Combine("health.token"));

        api.EnqueueFaults(ApiFault.Status(503));
        Assert.False((await RunAsync(node, healthcheck)).Succeeded, "a failed token write is unhealthy");
        Assert.False(File.Exists(dir.Combine("health.token")));

        Assert.True((await RunAsync(node, healthcheck)).Succeeded);
        api.EnqueueFaults(ApiFault.Status(500));
        Assert.False((await RunAsync(node, healthcheck)).Succeeded, "a failed read is unhealthy");

        // The refused write and the accepted one; a failed read is not answered with a write.
        Assert.Equal(2, api.Requests.Count(IsTokenWrite));
    }

    private static bool IsTokenWrite(RecordedRequest request) =>
        request.Path == "/v1/user/tokens" && request.Method is "PUT" or "POST";

    private static Task<CommandLine.Result> RunAsync(string node, ComposeHealthcheck healthcheck)
    {
        // As the container runs it: sh -c with the one shell string, node first on PATH.
        Assert.Equal("CMD-SHELL", healthcheck.Test[0]);
        Assert.StartsWith("'node' '-e' ", healthcheck.Test[1], StringComparison.Ordinal);
        return CommandLine.RunAsync("sh", ["-c", healthcheck.Test[1]], TestConstants.DefaultTimeout, new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(node)}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}" });
    }

    /// <summary>node comes with the upstream build's prerequisites (k2hr3-api runs on it).</summary>
    private static string NodeOnPath()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        if (node is null)
        {
            if (UpstreamBuild.Required)
            {
                Assert.Fail("node is not on PATH — K2HR3_REQUIRE_UPSTREAM=1: the healthcheck script must run here");
            }

            Assert.Skip("node is not on PATH (it comes with the upstream build's prerequisites)");
        }

        return node;
    }
}
