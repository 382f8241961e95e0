namespace K2hr3.Throughput;

/// <summary>One listener's result: how many of the messages it handled, in what time window, at what peak memory.</summary>
/// <param name="Listener">Row label.</param>
/// <param name="Expected">Messages in the queue when it started.</param>
/// <param name="Handled">Distinct messages handled (acked by the bare consumer; distinct cuks at the sink for a listener).</param>
/// <param name="Window">First delivery to last ack (bare consumer) or first to last request at the sink (listeners).</param>
/// <param name="PeakResidentBytes">VmHWM just before stopping; null for the in-process bare consumer.</param>
/// <param name="Problem">Why the run is not a valid measurement (incomplete, queue not empty, ...), or null.</param>
internal sealed record Measurement(string Listener, int Expected, int Handled, TimeSpan Window, long? PeakResidentBytes, string? Problem)
{
    /// <summary>CPU time the listener used during <see cref="Window"/> (all its threads, so it can exceed the window).</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>CPU cost per message: comparable across runs even on a busy machine, where rates are not.</summary>
    public double? CpuMicrosecondsPerMessage => CpuTime is { } cpu && Handled > 0 ? cpu.TotalMicroseconds / Handled : null;

    /// <summary>From starting the listener process to its first request at the sink (connect, declare, first message).</summary>
    public TimeSpan? Startup { get; init; }

    /// <summary>Something worth knowing that does not invalidate the run (e.g. more requests than messages).</summary>
    public string? Note { get; init; }

    public bool IsComplete => Problem is null && Handled == Expected && Window > TimeSpan.Zero;

    public double MessagesPerSecond => Window > TimeSpan.Zero ? Handled / Window.TotalSeconds : 0;

    /// <summary>Every round's rate, in round order, when this is the median of several rounds.</summary>
    public IReadOnlyList<double> RoundRates { get; init; } = [];

    /// <summary>
    /// The round with the median rate (the lower middle one for an even count), carrying every round's rate; when a
    /// round is invalid, that round instead, so its problem is reported and no ratio is computed from it.
    /// </summary>
    public static Measurement MedianOf(IReadOnlyList<Measurement> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        var rates = rounds.Select(round => round.MessagesPerSecond).ToList();
        var chosen = rounds.FirstOrDefault(round => !round.IsComplete)
            ?? rounds.OrderBy(round => round.MessagesPerSecond).ElementAt((rounds.Count - 1) / 2);
        return chosen with { RoundRates = rates };
    }
}
