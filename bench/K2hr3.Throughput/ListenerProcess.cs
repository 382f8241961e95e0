using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using K2hr3.Tests.Support;

namespace K2hr3.Throughput;

/// <summary>
/// A listener under test as a child process: output kept (last lines, for a failure report), peak memory read from
/// /proc, stopped with SIGTERM like a service manager would (SIGKILL only if it does not exit in time).
/// </summary>
internal sealed class ListenerProcess : IAsyncDisposable
{
    // Variables that would feed configuration into a worker from the caller's environment instead of the generated file.
    private static readonly string[] ConfigurationVariablePrefixes = ["OS_", "Osnl", "OSNL", "ConnectionStrings", "K2hr3", "K2HR3__", "services__", "ASPNETCORE_URLS", "OTEL_"];

    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();

    private ListenerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string OutputTail => string.Join('\n', _lastLines);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (no shell).</summary>
    public static ListenerProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        foreach (var name in startInfo.Environment.Keys.Where(name => ConfigurationVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new ListenerProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start"));
    }

    /// <summary>
    /// A command line as a user types it, run by <c>/bin/sh -c 'exec …'</c> so the listener itself (not a shell) is
    /// the measured and signalled process.
    /// </summary>
    public static ListenerProcess StartCommandLine(string commandLine) => Start("/bin/sh", ["-c", "exec " + commandLine]);

    /// <summary>
    /// Peak resident set size so far (<c>VmHWM</c>) of the process plus any children it started (a launcher script's
    /// interpreter, worker processes), in bytes; null when /proc cannot tell.
    /// </summary>
    public long? PeakResidentBytes()
    {
        long total = 0;
        var found = false;
        foreach (var pid in ProcessTree(_process.Id))
        {
            if (ReadHighWaterMark(pid) is { } bytes)
            {
                total += bytes;
                found = true;
            }
        }

        return found ? total : null;
    }

    /// <summary>
    /// CPU time (user + system) used so far by the process and its children, from /proc/&lt;pid&gt;/stat (clock ticks of
    /// USER_HZ = 100, what Linux reports to user space on every architecture).
    /// </summary>
    public TimeSpan CpuTime()
    {
        long ticks = 0;
        foreach (var pid in ProcessTree(_process.Id))
        {
            try
            {
                // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile.
            }
        }

        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>SIGTERM, then waits up to <paramref name="timeout"/>; SIGKILL if still running. Returns the exit code, or null if killed.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            UnixSignal.Send(_process.Id, UnixSignal.SigTerm);
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                return null;
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGKILL was sent; nothing more to do.
            }
        }

        _process.Dispose();
    }

    private static IEnumerable<int> ProcessTree(int root)
    {
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            yield return pid;
            foreach (var child in Children(pid))
            {
                pending.Push(child);
            }
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(value => int.Parse(value, CultureInfo.InvariantCulture)));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process exited meanwhile.
        }

        return children;
    }

    /// <summary><c>VmHWM:   12345 kB</c> from /proc/&lt;pid&gt;/status.</summary>
    private static long? ReadHighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
        }

        return null;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines && _lastLines.TryDequeue(out _))
        {
        }
    }
}
