using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// A decoded oslo.messaging notification as the dispatcher sees it (osnl-compatibility.md §5.2): the v2 envelope or v1 dict
/// unwrapped, <c>_context_*</c> moved into <see cref="Context"/>, metadata reduced to message_id + timestamp.
/// JSON values are kept as <see cref="JsonElement"/> because the filter and the extractor depend on JSON types.
/// </summary>
/// <remarks>
/// A notification made by <see cref="NotificationDecoder"/> owns pooled buffers (the parsed JSON and its bytes):
/// dispose it once the message has been handled, and do not use its <see cref="JsonElement"/>s afterwards (they
/// throw <see cref="ObjectDisposedException"/>). Not disposing is safe, the buffers are then simply not reused.
/// Copies made with <c>with</c> share the buffers; disposing any of them releases them once.
/// </remarks>
public sealed record Notification : IDisposable
{
    private string? _messageId;
    private string? _uniqueId;

    /// <summary><c>publisher_id</c>; <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement PublisherId { get; init; }

    public JsonElement EventType { get; init; }

    /// <summary>The body's <c>priority</c>, lower-cased; empty when absent.</summary>
    public required string Priority { get; init; }

    /// <summary><c>payload</c>, any JSON type; Undefined when absent.</summary>
    public JsonElement Payload { get; init; }

    /// <summary>
    /// Request context from <c>_context_&lt;key&gt;</c> keys, plus <c>client_timeout</c> like oslo: the message's
    /// <c>_timeout</c>, i.e. null for notifications. Lookups are allocation-free; enumerating builds a dictionary once.
    /// </summary>
    public required IReadOnlyDictionary<string, JsonElement> Context { get; init; }

    /// <summary><c>{message_id, timestamp}</c> exactly as oslo builds it.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Metadata { get; init; }

    /// <summary>
    /// <c>_unique_id</c> (oslo duplicate detection) when it is a string, or null. Unless set, read from the message on
    /// first use.
    /// </summary>
    public string? UniqueId
    {
        get => _uniqueId ??= JsonValues.TryGetString(UniqueIdElement);
        init => _uniqueId = value;
    }

    /// <summary>
    /// <c>message_id</c> as a string when it is one (for logs and traces), else null. Unless set, it is read from
    /// <see cref="Metadata"/> on first use (so messages that are never logged do not pay for the string): read it
    /// before <see cref="Dispose"/>, like every JSON-backed member.
    /// </summary>
    public string? MessageId
    {
        get => _messageId ??= Metadata.TryGetValue(MetadataView.MessageIdKey, out var id) ? JsonValues.TryGetString(id) : null;
        init => _messageId = value;
    }

    /// <summary>How the dispatcher treats <see cref="Priority"/>: only <c>info</c> is handled (osnl-compatibility.md §5.2 step 7).</summary>
    public PriorityKind PriorityKind => NotificationPriorities.Classify(Priority);

    /// <summary>The raw <c>_unique_id</c> value (any JSON type; Undefined when absent or for hand-built notifications).</summary>
    internal JsonElement UniqueIdElement { get; init; }

    /// <summary>Owner of the pooled buffers behind the <see cref="JsonElement"/>s; null for notifications built by hand.</summary>
    internal IDisposable? Buffers { get; init; }

    /// <summary>Returns the pooled buffers (idempotent, shared by <c>with</c> copies).</summary>
    public void Dispose() => Buffers?.Dispose();
}

public enum DecodeStatus
{
    /// <summary>A notification to dispatch.</summary>
    Decoded,

    /// <summary>Undecodable (invalid JSON, bad envelope version, not an object, non-string priority, ...): reject without requeue.</summary>
    Malformed,
}

/// <summary>Result of <see cref="NotificationDecoder"/>: a notification, or why the bytes are not one.</summary>
public readonly record struct DecodeResult(DecodeStatus Status, Notification? Notification, string? Error)
{
    public static DecodeResult Ok(Notification notification) => new(DecodeStatus.Decoded, notification, null);

    public static DecodeResult Malformed(string error) => new(DecodeStatus.Malformed, null, error);
}

/// <summary>
/// What to delete: the validated cuk (instance id, sent verbatim, osnl-compatibility.md §8.2/§9 #24) and the IPs in payload
/// order (osnl-compatibility.md §8.3). An empty <see cref="Ips"/> means "no host parameter" (the API then removes every IP of the cuk).
/// </summary>
public sealed record DeleteTarget(string Cuk, IReadOnlyList<string> Ips);
