namespace K2hr3.Tests.Support;

/// <summary>
/// The built worker as a long-running child process (<c>dotnet k2hr3-osnl.dll ...</c>), with its stderr/stdout captured
/// line by line, stopped with a real SIGTERM (<see cref="Process.Kill()"/> would be SIGKILL). Killed on dispose.
/// </summary>
internal sealed class WorkerProcessHandle : IAsyncDisposable
{
    // Variables that would feed configuration into the child from the developer's or CI's environment.
    private static readonly string[] ConfigurationVariablePrefixes = ["OS_", "Osnl", "OSNL", "ConnectionStrings", "K2hr3", "K2HR3__", "services__", "ASPNETCORE_URLS", "OTEL_"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcessHandle(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Collect(line.Data);
        process.ErrorDataReceived += (_, line) => Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every stdout and stderr line so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public static WorkerProcessHandle Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = StartInfo(args, environment);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        return new WorkerProcessHandle(Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs the worker to its exit (start-up errors, <c>-h</c>, <c>-v</c>) within 60 s.</summary>
    public static Task<CommandLine.Result> RunToExitAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
        => CommandLine.RunAsync(StartInfo(args, environment), TimeSpan.FromSeconds(60));

    /// <summary>
    /// <c>dotnet k2hr3-osnl.dll args</c>, in the Production environment, without the variables of the developer's or
    /// CI's environment that would configure it, plus <paramref name="environment"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "k2hr3-osnl.dll");
        Assert.True(File.Exists(worker), $"{worker} not found: build the test project (it references the worker)");
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        startInfo.ArgumentList.Add(worker);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var name in startInfo.Environment.Keys.Where(name => ConfigurationVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/> (fails early when the worker exits).</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        await Eventually.WaitUntilAsync(() => HasLine(text) || _process.HasExited, timeout, $"the worker to print '{text}'");
        Assert.True(HasLine(text), $"the worker exited before printing '{text}':\n{string.Join('\n', _lines)}");
    }

    public bool HasLine(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGTERM, as systemd or a container runtime stops the service.</summary>
    public void SendSigTerm() => Assert.True(UnixSignal.Send(_process.Id, UnixSignal.SigTerm), "SIGTERM could not be delivered");

    /// <summary>Waits for exit; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGKILL sent; nothing more to do.
            }
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
