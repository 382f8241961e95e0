namespace K2hr3.Tests.Configuration.Support;

/// <summary>Runs the built worker (<c>dotnet k2hr3-osnl.dll ...</c>) to completion, with a time-out (see <see cref="WorkerProcessHandle.StartInfo"/>).</summary>
internal static class WorkerProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await CommandLine.RunAsync(WorkerProcessHandle.StartInfo(args, environment), Timeout);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
