namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>
/// A failure that retrying cannot heal (the broker refuses our declarations with 406): the host stops and the process
/// exits with <see cref="ExitCode"/>, as upstream exits 1 — a service manager then shows the failure instead of a
/// listener that looks alive and consumes nothing.
/// </summary>
public sealed class FatalStop(IHostApplicationLifetime lifetime)
{
    /// <summary>Null while nothing fatal happened; the first failure's code wins.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The first failure's one-line reason.</summary>
    public string? Reason { get; private set; }

    public void Stop(int exitCode, string reason)
    {
        if (ExitCode is null)
        {
            ExitCode = exitCode;
            Reason = reason;
        }

        lifetime.StopApplication();
    }
}
