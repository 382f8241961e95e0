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

    private readonly JsonElement _messageId;
    private readonly JsonElement _timestamp;

    public MetadataView(JsonElement messageId, JsonElement timestamp)
    {
        _messageId = messageId;
        _timestamp = timestamp;
    }

    public int Count => 2;

    public IEnumerable<string> Keys => [MessageIdKey, TimestampKey];

    public IEnumerable<JsonElement> Values => [_messageId, _timestamp];

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => key is MessageIdKey or TimestampKey;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        (var found, value) = key switch
        {
            MessageIdKey => (true, _messageId),
            TimestampKey => (true, _timestamp),
            _ => (false, default),
        };
        return found;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        yield return new(MessageIdKey, _messageId);
        yield return new(TimestampKey, _timestamp);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
