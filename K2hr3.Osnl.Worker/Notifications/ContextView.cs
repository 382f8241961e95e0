using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// oslo's request context (<c>amqp.unpack_context</c>) as a read-only view over the message: <c>_context_&lt;key&gt;</c>
/// entries without the prefix, plus <c>client_timeout</c> = the message's <c>_timeout</c> or null, which always
/// exists and wins over a <c>_context_client_timeout</c> (oslo assigns it last). Lookups go straight to the JSON;
/// a dictionary is only built if someone enumerates (logs), which keeps the per-message path allocation-free.
/// Duplicate JSON keys resolve like Python's dict: last value wins, first position kept.
/// It also owns the parsed message and the pooled bytes it points into (one object per message instead of two), so a
/// decoded <see cref="Notification"/> stays valid after <see cref="NotificationDecoder.Decode"/> returns without cloning
/// any <see cref="JsonElement"/>; <c>with</c> copies of the notification share it, so it is released once.
/// </summary>
internal sealed class ContextView : IReadOnlyDictionary<string, JsonElement>, IDisposable
{
    public const string ClientTimeoutKey = "client_timeout";
    private static ReadOnlySpan<byte> Prefix => "_context_"u8;

    private readonly JsonElement _message;
    private Dictionary<string, JsonElement>? _materialized;
    private JsonDocument? _document;
    private byte[]? _rentedBytes;

    /// <param name="message">The raw message object, or <c>default</c> (Undefined) for an empty body.</param>
    /// <param name="document">The document <paramref name="message"/> belongs to, released by <see cref="Dispose"/>.</param>
    /// <param name="rentedBytes">The pooled bytes the document points into, returned by <see cref="Dispose"/>.</param>
    public ContextView(JsonElement message, JsonDocument? document = null, byte[]? rentedBytes = null)
    {
        _message = message;
        _document = document;
        _rentedBytes = rentedBytes;
    }

    // oslo: context_dict['client_timeout'] = msg.pop('_timeout', None); looked up on use, not stored per message.
    private JsonElement ClientTimeout =>
        _message.ValueKind == JsonValueKind.Object && _message.TryGetProperty("_timeout"u8, out var timeout) ? timeout : JsonValues.Null;

    public void Dispose()
    {
        // The document points into the rented bytes: release it first. Exchange makes a double Dispose harmless
        // (returning one array twice to the pool would hand it to two owners).
        Interlocked.Exchange(ref _document, null)?.Dispose();
        if (Interlocked.Exchange(ref _rentedBytes, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>True when <paramref name="name"/> (raw UTF-8 property name) is a context entry.</summary>
    public static bool IsContextKey(ReadOnlySpan<byte> name) => name.StartsWith(Prefix);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (key == ClientTimeoutKey)
        {
            value = ClientTimeout;
            return true;
        }

        value = default;
        if (_message.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var length = Prefix.Length + Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        Span<byte> name = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Prefix.CopyTo(name);
            var written = Prefix.Length + Encoding.UTF8.GetBytes(key, name[Prefix.Length..]);
            return _message.TryGetProperty(name[..written], out value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public int Count => Materialize().Count;

    public IEnumerable<string> Keys => Materialize().Keys;

    public IEnumerable<JsonElement> Values => Materialize().Values;

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Materialize().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Dictionary<string, JsonElement> Materialize()
    {
        if (Volatile.Read(ref _materialized) is { } existing)
        {
            return existing;
        }

        var context = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (_message.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in _message.EnumerateObject())
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                // An escaped name (rare) may still decode to "_context_...": compare the decoded name then.
                if (IsContextKey(raw) || (raw.IndexOf((byte)'\\') >= 0 && property.Name.StartsWith("_context_", StringComparison.Ordinal)))
                {
                    context[property.Name[Prefix.Length..]] = property.Value;
                }
            }
        }

        context[ClientTimeoutKey] = ClientTimeout;
        // Racing enumerations build equal dictionaries; either may win.
        Volatile.Write(ref _materialized, context);
        return context;
    }
}
