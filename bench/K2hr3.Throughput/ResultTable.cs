using System.Globalization;
using System.Text;

namespace K2hr3.Throughput;

/// <summary>The harness's output: one row per listener, the ratio to the bare consumer, and where it was measured.</summary>
internal sealed record ResultTable(
    Measurement Ceiling,
    IReadOnlyList<Measurement> Listeners,
    MachineInfo Machine,
    double? LoadAtStart,
    double? LoadAtEnd,
    DateTimeOffset MeasuredAt,
    IReadOnlyList<string> Arguments)
{
    /// <summary>Issue 3: the worker must reach at least half of the bare consumer's rate.</summary>
    public const double TargetRatio = 0.5;

    public const string WorkerLabel = "k2hr3-osnl (this repository)";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Untimed notifications each contender handled first.</summary>
    public int Warmup { get; init; }

    /// <summary>Rounds per contender (each row is the median one).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>The worker's rate as a fraction of the ceiling, when both runs are valid.</summary>
    public double? WorkerRatio =>
        Listeners.FirstOrDefault(row => row.Listener == WorkerLabel) is { IsComplete: true } worker && Ceiling.IsComplete
            ? worker.MessagesPerSecond / Ceiling.MessagesPerSecond
            : null;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| listener | messages | seconds | messages/s | every round (messages/s) | of the bare consumer | CPU per message | peak RSS |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows())
        {
            text.AppendLine(Invariant, $"| {row.Listener} | {row.Messages} | {row.Seconds} | {row.Rate} | {row.Rounds} | {row.Ratio} | {row.Cpu} | {row.Memory} |");
        }

        text.AppendLine();
        foreach (var line in Footnotes())
        {
            text.AppendLine(line).AppendLine();
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }

    public string ToConsoleText()
    {
        var rows = Rows().ToList();
        string[] headers = ["listener", "messages", "seconds", "messages/s", "rounds", "of bare", "CPU/msg", "peak RSS"];
        var cells = rows.Select(row => new[] { row.Listener, row.Messages, row.Seconds, row.Rate, row.Rounds, row.Ratio, row.Cpu, row.Memory }).ToList();
        var widths = headers.Select((header, column) => Math.Max(header.Length, cells.Count == 0 ? 0 : cells.Max(cell => cell[column].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", headers.Select((header, column) => column == 0 ? header.PadRight(widths[column]) : header.PadLeft(widths[column]))));
        foreach (var cell in cells)
        {
            text.AppendLine(string.Join("  ", cell.Select((value, column) => column == 0 ? value.PadRight(widths[column]) : value.PadLeft(widths[column]))));
        }

        foreach (var line in Footnotes())
        {
            text.AppendLine(line);
        }

        foreach (var failed in Listeners.Prepend(Ceiling).Where(row => row.Problem is not null))
        {
            text.AppendLine(Invariant, $"{failed.Listener}: {failed.Problem}");
        }

        return text.ToString();
    }

    private IEnumerable<(string Listener, string Messages, string Seconds, string Rate, string Rounds, string Ratio, string Cpu, string Memory)> Rows()
    {
        foreach (var row in Listeners.Prepend(Ceiling))
        {
            var valid = row.IsComplete;
            var ratio = row == Ceiling
                ? "100 %"
                : valid && Ceiling.IsComplete ? (row.MessagesPerSecond / Ceiling.MessagesPerSecond * 100).ToString("0", Invariant) + " %" : "–";
            var label = row.Note is null ? row.Listener : $"{row.Listener} ({row.Note})";
            yield return (
                valid ? label : label + " — incomplete, see output",
                row.Handled == row.Expected ? row.Expected.ToString("N0", Invariant) : $"{row.Handled.ToString("N0", Invariant)} of {row.Expected.ToString("N0", Invariant)}",
                row.Window > TimeSpan.Zero ? row.Window.TotalSeconds.ToString("0.00", Invariant) : "–",
                valid ? row.MessagesPerSecond.ToString("N0", Invariant) : "–",
                row.RoundRates.Count == 0 ? "–" : string.Join(" / ", row.RoundRates.Select(rate => rate.ToString("N0", Invariant))),
                ratio,
                row.CpuMicrosecondsPerMessage is { } cpu ? cpu.ToString("0", Invariant) + " µs" : "–",
                row.PeakResidentBytes is { } bytes ? (bytes / (1024.0 * 1024)).ToString("0", Invariant) + " MiB" : "–");
        }
    }

    private IEnumerable<string> Footnotes()
    {
        var target = WorkerRatio is { } ratio
            ? $"Target: k2hr3-osnl ≥ {TargetRatio * 100:0} % of the bare consumer — {(ratio >= TargetRatio ? "met" : "NOT met")} ({ratio * 100:0} %)."
            : $"Target: k2hr3-osnl ≥ {TargetRatio * 100:0} % of the bare consumer — no valid k2hr3-osnl run to compare.";
        yield return target;
        yield return string.Create(
            Invariant,
            $"Each row is the median of {Rounds} round(s) (contenders interleaved); in each round the contender first handled {Warmup:N0} untimed warm-up notifications from the same queue, then the timed ones (window: first to last timed one).");
        yield return string.Create(
            Invariant,
            $"Measured {MeasuredAt:yyyy-MM-dd HH:mm} UTC on {Machine}; load average {Load(LoadAtStart)} at the start, {Load(LoadAtEnd)} at the end.");
        yield return "Command: `dotnet run -c Release --project bench/K2hr3.Throughput --"
            + string.Concat(Arguments.Select(argument => " " + Quote(argument))) + "`.";
    }

    private static string Load(double? load) => load?.ToString("0.00", Invariant) ?? "unknown";

    private static string Quote(string argument)
        => argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
