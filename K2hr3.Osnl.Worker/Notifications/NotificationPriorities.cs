using System.Text;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>How the dispatcher treats a notification's priority (osnl-compatibility.md §5.2 step 7).</summary>
public enum PriorityKind
{
    /// <summary><c>info</c>: the only priority k2hr3_osnl's endpoint handles.</summary>
    Info,

    /// <summary>One of oslo's other six priorities: acked silently (the endpoint has no method for it).</summary>
    OtherKnown,

    /// <summary>Anything else, including the empty priority of an empty body: acked, logged as "Unknown priority".</summary>
    Unknown,
}

/// <summary>oslo.messaging's seven notification priorities (<c>NotificationDispatcher</c>), lower-case.</summary>
public static class NotificationPriorities
{
    public const string Audit = "audit";
    public const string Debug = "debug";
    public const string Info = "info";
    public const string Warn = "warn";
    public const string Error = "error";
    public const string Critical = "critical";
    public const string Sample = "sample";

    /// <summary>In oslo's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Audit, Debug, Info, Warn, Error, Critical, Sample];

    /// <summary>Classifies an already lower-cased priority (as in <see cref="Notification.Priority"/>).</summary>
    public static PriorityKind Classify(string priority) => priority switch
    {
        Info => PriorityKind.Info,
        Audit or Debug or Warn or Error or Critical or Sample => PriorityKind.OtherKnown,
        _ => PriorityKind.Unknown,
    };

    /// <summary>
    /// Python's <c>priority.lower()</c> for the wire value. The seven names are returned as the shared constants
    /// (no allocation on the hot path). Only ASCII letters can lower-case into one of the seven names in Python
    /// (e.g. <c>"İNFO".lower()</c> is <c>"i̇nfo"</c>, unknown), so the known names are matched ASCII-case-insensitively
    /// and anything else is only lower-cased for the log line (.NET's simple case mapping; may differ from
    /// Python's full mapping for exotic characters, which only changes the text of that log line).
    /// </summary>
    internal static string Normalize(ReadOnlySpan<char> priority)
    {
        foreach (var known in All)
        {
            if (Ascii.EqualsIgnoreCase(priority, known))
            {
                return known;
            }
        }

        return priority.Length == 0 ? string.Empty : priority.ToString().ToLowerInvariant();
    }
}
