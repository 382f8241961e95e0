using K2hr3.Osnl.Worker.Configuration;

namespace K2hr3.Osnl.Worker.Hosting;

/// <summary>Builds and runs the worker's host (consumers, API client, telemetry, health endpoint) for validated settings.</summary>
public static class OsnlHost
{
    /// <summary>Runs until SIGINT/SIGTERM; returns the process exit code.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="args">The .NET configuration arguments (<c>--Key=Value</c>) left after the upstream flags.</param>
    public static Task<int> RunAsync(OsnlSettings settings, string[] args)
        => throw new NotImplementedException("filled in by the runtime work");
}
