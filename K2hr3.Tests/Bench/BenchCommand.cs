using System.Reflection;
using K2hr3.Tests.Support;

namespace K2hr3.Tests.Bench;

/// <summary>Runs one of the documented bench/ commands as a process, bounded in time, and returns its output.</summary>
internal static class BenchCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string fileName, IEnumerable<string> arguments)
    {
        var result = await CommandLine.RunAsync(fileName, arguments, timeout);
        return (result.ExitCode, result.Output);
    }

    /// <summary>A build output of this configuration named by an AssemblyMetadata attribute of the test assembly (set in the csproj).</summary>
    public static string BuildOutput(string metadataKey)
    {
        var path = typeof(BenchCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == metadataKey).Value!;
        Assert.True(File.Exists(path), $"{path} not found: build the solution (K2hr3.Tests builds bench/ first)");
        return path;
    }
}
