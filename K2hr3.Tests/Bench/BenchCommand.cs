using System.Diagnostics;
using System.Reflection;

namespace K2hr3.Tests.Bench;

/// <summary>Runs one of the documented bench/ commands as a process, bounded in time, and returns its output.</summary>
internal static class BenchCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalMinutes} min");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>A build output of this configuration named by an AssemblyMetadata attribute of the test assembly (set in the csproj).</summary>
    public static string BuildOutput(string metadataKey)
    {
        var path = typeof(BenchCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == metadataKey).Value!;
        Assert.True(File.Exists(path), $"{path} not found: build the solution (K2hr3.Tests builds bench/ first)");
        return path;
    }
}
