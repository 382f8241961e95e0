using System.Text.Json;
using System.Text.RegularExpressions;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>What <see cref="NotificationFilter.Match"/> decided.</summary>
public enum FilterOutcome
{
    /// <summary>Every configured check passed: dispatch the notification.</summary>
    Matched,

    /// <summary>A check failed: ack, no API call, no log line (upstream logs nothing either).</summary>
    NotMatched,

    /// <summary>A pattern exceeded its match time-out: treated as no match (ack), but worth a warning.</summary>
    TimedOut,
}

/// <summary>The outcome and, unless matched, which check decided (for logs).</summary>
/// <param name="Field"><c>publisher_id</c>, <c>event_type</c>, <c>context</c>, <c>metadata</c> or <c>payload</c>.</param>
/// <param name="Key">The configured key for the three dict checks.</param>
public readonly record struct FilterResult(FilterOutcome Outcome, string? Field = null, string? Key = null)
{
    public static FilterResult Matched => default;

    public bool IsMatch => Outcome == FilterOutcome.Matched;
}

/// <summary>
/// oslo.messaging's <c>NotificationFilter</c> (osnl-compatibility.md §6), checks in oslo's order with short-circuit: publisher_id,
/// event_type, context, metadata, payload. A value can only match when it is a JSON string (a number rendered as text
/// never matches). Dict checks look at top-level keys only; a missing key fails; an empty or absent dict option is no
/// constraint. One deliberate fix (osnl-compatibility.md §9): a payload that is not a JSON object fails a configured payload check instead of
/// raising (which made upstream requeue forever). Thread-safe; build once per source at start-up.
/// </summary>
public sealed class NotificationFilter
{
    public const string PublisherIdField = "publisher_id";
    public const string EventTypeField = "event_type";
    public const string ContextField = "context";
    public const string MetadataField = "metadata";
    public const string PayloadField = "payload";

    private readonly PythonRegex? _publisherId;
    private readonly PythonRegex? _eventType;
    private readonly KeyPattern[] _context;
    private readonly KeyPattern[] _metadata;
    private readonly KeyPattern[] _payload;

    private NotificationFilter(PythonRegex? publisherId, PythonRegex? eventType, KeyPattern[] context, KeyPattern[] metadata, KeyPattern[] payload)
    {
        _publisherId = publisherId;
        _eventType = eventType;
        _context = context;
        _metadata = metadata;
        _payload = payload;
    }

    /// <summary>True when no check is configured (every notification matches).</summary>
    public bool IsEmpty => _publisherId is null && _eventType is null && _context.Length == 0 && _metadata.Length == 0 && _payload.Length == 0;

    /// <summary>Compiles every pattern of <paramref name="settings"/>.</summary>
    /// <param name="settings">The five filter options.</param>
    /// <param name="matchTimeout">Bound of each match (<see cref="ProcessingSettings.RegexMatchTimeout"/>).</param>
    /// <param name="optionPrefix">Names the options in errors: <c>[oslo_messaging_notifications]</c>, or e.g. <c>Osnl:Sources:nova:</c>.</param>
    /// <exception cref="OsnlConfigurationException">A pattern is invalid; the message names option and pattern.</exception>
    public static NotificationFilter Create(FilterSettings settings, TimeSpan matchTimeout, string optionPrefix = "[oslo_messaging_notifications] ")
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new NotificationFilter(
            Scalar(settings.PublisherId, PublisherIdField),
            Scalar(settings.EventType, EventTypeField),
            Dict(settings.Context, ContextField),
            Dict(settings.Metadata, MetadataField),
            Dict(settings.Payload, PayloadField));

        PythonRegex? Scalar(string? pattern, string field) =>
            pattern is null ? null : PythonRegex.Compile(pattern, matchTimeout, optionPrefix + field);

        KeyPattern[] Dict(IReadOnlyDictionary<string, string>? patterns, string field) =>
            patterns is null
                ? []
                : [.. patterns.Select(p => new KeyPattern(p.Key, PythonRegex.Compile(p.Value, matchTimeout, $"{optionPrefix}{field} (key '{p.Key}')")))];
    }

    /// <summary><c>NotificationFilter.match(ctxt, publisher_id, event_type, metadata, payload)</c>.</summary>
    public FilterResult Match(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        // Which check is running, so a time-out can be reported against it.
        var field = PublisherIdField;
        string? key = null;
        try
        {
            if (_publisherId is not null && !MatchesString(notification.PublisherId, _publisherId))
            {
                return new FilterResult(FilterOutcome.NotMatched, field);
            }

            field = EventTypeField;
            if (_eventType is not null && !MatchesString(notification.EventType, _eventType))
            {
                return new FilterResult(FilterOutcome.NotMatched, field);
            }

            field = ContextField;
            foreach (var check in _context)
            {
                key = check.Key;
                if (!notification.Context.TryGetValue(key, out var value) || !MatchesString(value, check.Regex))
                {
                    return new FilterResult(FilterOutcome.NotMatched, field, key);
                }
            }

            field = MetadataField;
            foreach (var check in _metadata)
            {
                key = check.Key;
                if (!notification.Metadata.TryGetValue(key, out var value) || !MatchesString(value, check.Regex))
                {
                    return new FilterResult(FilterOutcome.NotMatched, field, key);
                }
            }

            field = PayloadField;
            var payload = notification.Payload;
            foreach (var check in _payload)
            {
                key = check.Key;
                if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(check.Utf8Key, out var value) || !MatchesString(value, check.Regex))
                {
                    return new FilterResult(FilterOutcome.NotMatched, field, key);
                }
            }

            return FilterResult.Matched;
        }
        catch (RegexMatchTimeoutException)
        {
            return new FilterResult(FilterOutcome.TimedOut, field, key);
        }
    }

    private static bool MatchesString(JsonElement value, PythonRegex regex)
    {
        Span<char> scratch = stackalloc char[JsonValues.StackCharLimit];
        return JsonValues.TryGetChars(value, scratch, out var chars) && regex.IsMatch(chars);
    }

    private sealed record KeyPattern(string Key, PythonRegex Regex)
    {
        public byte[] Utf8Key { get; } = System.Text.Encoding.UTF8.GetBytes(Key);
    }
}
