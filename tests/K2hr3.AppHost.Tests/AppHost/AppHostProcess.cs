namespace K2hr3.Tests.AppHost;

/// <summary>
/// The built AppHost as `dotnet run --project K2hr3.AppHost` runs it: in the project directory (the content root its
/// appsettings.json is read from) with the launch profile's environment, here on the caller's dashboard ports, and with
/// the caller's extra environment (e.g. a different PATH). Stopped with SIGINT (Ctrl+C), killed on dispose.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    // A run that starts the data tier waits for each node's join to finish (up to ChmpxStatusHealthCheck.DefaultJoinWait
    // per node when one stalls), and "Distributed application started" comes after that.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Aspire's line once every resource has started.</summary>
    public const string Started = "Distributed application started";

    /// <summary>Aspire's line as it begins to start resources.</summary>
    public const string Starting = "Distributed application starting";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <param name="dashboardPort">The dashboard's port; the OTLP and resource-service ports are the next two.</param>
    /// <param name="arguments">AppHost arguments (<c>--Key=Value</c>).</param>
    /// <param name="environment">Set after the launch profile's variables.</param>
    /// <param name="until">The console line that ends the wait: by default the one that comes once every resource has
    /// started (and so after the data nodes' joins); a test that only needs the AppHost running can wait for less.</param>
    public static async Task<AppHostProcess> StartAsync(int dashboardPort, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string until = Started)
    {
        var projectDirectory = Path.Combine(TestData.RepositoryRoot, "K2hr3.AppHost");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = projectDirectory,
        };
        start.ArgumentList.Add(Path.Combine(projectDirectory, "bin", PublishedDeployment.BuildConfiguration, "net10.0", "K2hr3.AppHost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(projectDirectory, "Properties", "launchSettings.json")))!["profiles"]!["http"]!;
        foreach (var (name, value) in profile["environmentVariables"]!.AsObject())
        {
            start.Environment[name] = value!.GetValue<string>();
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://localhost:{dashboardPort}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{dashboardPort + 1}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{dashboardPort + 2}";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var appHost = new AppHostProcess(Process.Start(start)!);
        try
        {
            await Eventually.WaitUntilAsync(() => appHost.HasLine(until) || appHost._process.HasExited, StartTimeout, $"the AppHost's line '{until}'");
        }
        catch (TimeoutException timeout)
        {
            await appHost.DisposeAsync();
            throw new TimeoutException($"{timeout.Message}; its last lines:\n{string.Join('\n', appHost.Lines.TakeLast(60))}", timeout);
        }

        Assert.False(appHost._process.HasExited, string.Join('\n', appHost.Lines));
        return appHost;
    }

    public bool HasLine(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Ctrl+C, and the wait for the AppHost to stop what it started and exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            UnixSignal.Send(_process.Id, UnixSignal.SigInt);
            using var stop = new CancellationTokenSource(StartTimeout);
            await _process.WaitForExitAsync(stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
