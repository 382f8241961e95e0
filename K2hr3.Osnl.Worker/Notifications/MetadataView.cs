using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// oslo's notification metadata: exactly <c>{"message_id": ..., "timestamp": ...}</c> in that order, each the message's
/// value or null when absent (<c>msg.get(...)</c>). A fixed two-entry view: no dictionary per message.
/// </summary>
internal sealed class MetadataView : IReadOnlyDictionary<string, JsonElement>
{
    public const string MessageIdKey = "message_id";
    public const string TimestampKey = "timestamp";

    // Only the message is kept (values are looked up on use): one field instead of two per notification.
    private readonly JsonElement _message;

    /// <param name="message">The raw message object, or <c>default</c> (Undefined) for an empty body.</param>
    public MetadataView(JsonElement message)
    {
        _message = message;
    }

    private JsonElement MessageId => Get("message_id"u8);

    private JsonElement Timestamp => Get("timestamp"u8);

    public int Count => 2;

    public IEnumerable<string> Keys => [MessageIdKey, TimestampKey];

    public IEnumerable<JsonElement> Values => [MessageId, Timestamp];

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => key is MessageIdKey or TimestampKey;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        (var found, value) = key switch
        {
            MessageIdKey => (true, MessageId),
            TimestampKey => (true, Timestamp),
            _ => (false, default),
        };
        return found;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        yield return new(MessageIdKey, MessageId);
        yield return new(TimestampKey, Timestamp);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // msg.get(key): the last duplicate wins, an absent key is None.
    private JsonElement Get(ReadOnlySpan<byte> key) =>
        _message.ValueKind == JsonValueKind.Object && _message.TryGetProperty(key, out var value) ? value : JsonValues.Null;
}
