namespace K2hr3.Osnl.Worker.Cli;

/// <summary>What the command line asks for: exit now (help, version, usage error) or run.</summary>
/// <param name="ExitCode">Set when the process must exit without running (output already written).</param>
/// <param name="Overrides">The upstream flags.</param>
/// <param name="PassThroughArgs">The <c>--Key=Value</c> / <c>--Key Value</c> tokens for .NET configuration and the host.</param>
public sealed record CommandLineResult(int? ExitCode, CommandLineOverrides Overrides, string[] PassThroughArgs)
{
    public static CommandLineResult Exit(int exitCode) => new(exitCode, CommandLineOverrides.None, []);
}
