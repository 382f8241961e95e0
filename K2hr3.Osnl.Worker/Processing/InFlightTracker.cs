namespace K2hr3.Osnl.Worker.Processing;

/// <summary>Counts messages being processed so a graceful stop can wait for them (bounded by the shutdown grace).</summary>
public sealed class InFlightTracker(OsnlMetrics metrics)
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count
    {
        get { lock (_lock) { return _count; } }
    }

    /// <summary>Marks one message in flight until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        lock (_lock)
        {
            _count++;
        }

        metrics.InFlight.Add(1);
        return new Scope(this);
    }

    /// <summary>True when nothing is in flight (now or before <paramref name="timeout"/> passes).</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan timeout)
    {
        Task idle;
        lock (_lock)
        {
            if (_count == 0)
            {
                return true;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        try
        {
            await idle.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Exit()
    {
        metrics.InFlight.Add(-1);
        lock (_lock)
        {
            _count--;
            if (_count == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    public readonly struct Scope(InFlightTracker tracker) : IDisposable
    {
        public void Dispose() => tracker.Exit();
    }
}
