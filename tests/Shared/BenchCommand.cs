using System.Reflection;

namespace K2hr3.Tests.Bench;

/// <summary>Runs one of the documented bench/ programs (<c>dotnet &lt;its build output&gt; …</c>) to completion, bounded in time.</summary>
internal static class BenchCommand
{
    /// <summary>The dotnet host running the tests (also what a <c>--listener</c> command line should start).</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <param name="program">The AssemblyMetadata key the csproj sets to that program's build output in this configuration.</param>
    public static Task<CommandLine.Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
        => CommandLine.RunAsync(Dotnet, [BuildOutput(program), .. arguments], timeout);

    private static string BuildOutput(string program)
    {
        var path = typeof(BenchCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == program).Value!;
        Assert.True(File.Exists(path), $"{path} not found: build the solution (K2hr3.Tests builds bench/ first)");
        return path;
    }
}
