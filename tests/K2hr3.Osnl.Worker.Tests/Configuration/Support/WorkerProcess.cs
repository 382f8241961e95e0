using System.Diagnostics;

namespace K2hr3.Tests.Configuration.Support;

/// <summary>Runs the built worker (<c>dotnet k2hr3-osnl.dll ...</c>) as a real process, with a time-out.</summary>
internal static class WorkerProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Variables that would feed configuration into the child from the developer's or CI's environment.
    private static readonly string[] ConfigurationVariablePrefixes = ["OS_", "Osnl", "OSNL", "ConnectionStrings", "K2hr3", "K2HR3__", "services__"];

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        startInfo.ArgumentList.Add(WorkerAssembly);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var name in startInfo.Environment.Keys.Where(IsConfigurationVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var result = await CommandLine.RunAsync(startInfo, Timeout);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    private static bool IsConfigurationVariable(string name)
        => ConfigurationVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The worker is copied next to the test assembly by the project reference.</summary>
    private static string WorkerAssembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "k2hr3-osnl.dll");
            Assert.True(File.Exists(path), $"{path} not found: build K2hr3.Tests (it references the worker)");
            return path;
        }
    }
}
