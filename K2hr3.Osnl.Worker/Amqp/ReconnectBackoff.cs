namespace K2hr3.Osnl.Worker.Amqp;

/// <summary>
/// oslo's reconnect schedule (osnl-compatibility.md §4.2): <c>rabbit_retry_interval</c>, then + <c>rabbit_retry_backoff</c> per
/// failed attempt, capped at <c>rabbit_interval_max</c> (1, 3, 5, ... 30 s by default), forever. Reset after a session
/// was established.
/// </summary>
public sealed class ReconnectBackoff(BrokerSettings settings)
{
    private int _failures;

    public TimeSpan Next()
    {
        var delay = settings.RetryInterval + (settings.RetryBackoff * _failures);
        _failures++;
        return delay > settings.RetryIntervalMax ? settings.RetryIntervalMax : delay;
    }

    public void Reset() => _failures = 0;
}
