using System.Diagnostics;

namespace K2hr3.AppHost.Hosting;

/// <summary>Result of a short-lived helper command (container probe, chmpxstatus).</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

/// <summary>Runs a helper command with a hard timeout; the process tree is killed when the timeout passes.</summary>
internal static class ProcessRunner
{
    /// <summary>How long the output is read after the command has exited (a child it left may hold the pipes open).</summary>
    public static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // Not installed / not executable: report like a failed command instead of throwing into health checks.
            return new ProcessResult(-1, string.Empty, ex.Message, TimedOut: false);
        }

        process.StandardInput.Close();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(reading.Token);
        var stderr = process.StandardError.ReadToEndAsync(reading.Token);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new ProcessResult(-1, string.Empty, $"{fileName} did not finish within {timeout.TotalSeconds:0.#} s", TimedOut: true);
        }

        // Exited; but a child it left running keeps the pipes open and their end never comes. Callers poll (health
        // checks, the ring keeper, every few seconds), so the output is given up on rather than waited for.
        reading.CancelAfter(OutputDrainTimeout);
        try
        {
            return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProcessResult(process.ExitCode, string.Empty, $"{fileName} exited with {process.ExitCode}, but a process it started still holds its output open", TimedOut: false);
        }
    }
}
