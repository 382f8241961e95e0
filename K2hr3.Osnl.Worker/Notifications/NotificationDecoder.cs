using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// Turns an AMQP body into the <see cref="Notification"/> oslo's dispatcher would see (osnl-compatibility.md §5.2), in oslo's order:
/// kombu content-type decoding, <c>deserialize_msg</c> (v2 envelope or v1 dict), <c>dict()</c>, <c>unpack_context</c>,
/// <c>_extract_user_message</c>. Anything oslo would fail on (osnl-compatibility.md §5.3) is <see cref="DecodeStatus.Malformed"/>
/// with a short reason, never an exception.
/// </summary>
/// <remarks>
/// The returned notification owns pooled buffers: dispose it when done (see <see cref="Notification"/>). The body is
/// not referenced after <see cref="Decode"/> returns, so the AMQP client may reuse it.
/// Known differences from Python's <c>json</c> module (all end as Malformed here, decoded there; none occur in
/// OpenStack output): <c>NaN</c>/<c>Infinity</c> literals; a JSON array of pairs as the message (<c>dict()</c> of it);
/// unpaired surrogate escapes (<c>"\ud800"</c>) inside <c>oslo.message</c>.
/// </remarks>
public static class NotificationDecoder
{
    /// <summary>The only content type kombu decodes as JSON (exact, case-sensitive, no parameters).</summary>
    public const string JsonContentType = "application/json";

    /// <summary>
    /// Nesting bound for both JSON levels. Python's limit is its recursion limit (~1000); OpenStack notifications nest
    /// fewer than 10 levels, so 128 rejects only hostile input, early and cheaply.
    /// </summary>
    public const int MaxDepth = 128;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Decodes one delivery.</summary>
    /// <param name="body">The AMQP body; only read during the call.</param>
    /// <param name="contentType">The AMQP <c>content_type</c> property (null when absent).</param>
    public static DecodeResult Decode(ReadOnlyMemory<byte> body, string? contentType)
    {
        // kombu: an empty body is returned as-is whatever the content type, and dict(b'') is {}: a message with no
        // priority, which the dispatcher acks as unknown.
        if (body.IsEmpty)
        {
            return DecodeResult.Ok(CreateEmpty());
        }

        if (!string.Equals(contentType, JsonContentType, StringComparison.Ordinal))
        {
            // kombu decodes other (or missing = application/data) types to a str, which oslo cannot turn into a dict.
            var shown = contentType is null ? "missing" : $"'{Truncate(contentType)}'";
            return DecodeResult.Malformed($"content type {shown} is not application/json: the body is not a message");
        }

        var bytes = body.Span;
        if (!Utf8.IsValid(bytes))
        {
            return DecodeResult.Malformed("body is not valid UTF-8");
        }

        // kombu's exact envelope: validate and unescape oslo.message in one pass (EnvelopeFastPath).
        var unescaped = ArrayPool<byte>.Shared.Rent(bytes.Length);
        switch (EnvelopeFastPath.TryUnescapeMessage(bytes, unescaped, out var unescapedLength))
        {
            case EnvelopeFastPath.Outcome.Unescaped:
                return DecodeRented(unescaped, unescapedLength, "oslo.message");
            case EnvelopeFastPath.Outcome.Invalid:
                ArrayPool<byte>.Shared.Return(unescaped);
                return DecodeResult.Malformed("oslo.message is not a valid JSON string (bad escape, control character or unpaired surrogate)");
            default:
                ArrayPool<byte>.Shared.Return(unescaped);
                break;
        }

        JsonDocument outer;
        try
        {
            // Parsed in place: this document never outlives the call (v1 bodies are copied below).
            outer = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return DecodeResult.Malformed($"body is not valid JSON: {e.Message}");
        }

        using (outer)
        {
            var root = outer.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return DecodeResult.Malformed($"body is a JSON {Kind(root)}, not an object");
            }

            // deserialize_msg: a dict with BOTH keys is an envelope, any other dict is a v1 message as it is.
            if (root.TryGetProperty("oslo.version"u8, out var version) && root.TryGetProperty("oslo.message"u8, out var message))
            {
                return DecodeEnvelope(version, message);
            }

            return DecodeOwnedCopy(bytes, "body");
        }
    }

    private static DecodeResult DecodeEnvelope(JsonElement version, JsonElement message)
    {
        if (!IsCompatibleVersion(version))
        {
            return DecodeResult.Malformed($"unsupported oslo.version {JsonValues.Describe(version, 40)} (compatible with 2.0 only)");
        }

        if (message.ValueKind != JsonValueKind.String)
        {
            return DecodeResult.Malformed($"oslo.message is a JSON {Kind(message)}, not a string");
        }

        // Unescape the inner JSON text straight into pooled bytes (never a .NET string: half the size, no GC).
        var escaped = JsonMarshal.GetRawUtf8Value(message);
        var reader = new Utf8JsonReader(escaped);
        reader.Read();
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(reader.ValueSpan.Length, 1));
        int length;
        try
        {
            length = reader.CopyString(rented);
        }
        catch (InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(rented);
            return DecodeResult.Malformed("oslo.message holds an unpaired UTF-16 surrogate escape");
        }

        return DecodeRented(rented, length, "oslo.message");
    }

    private static DecodeResult DecodeOwnedCopy(ReadOnlySpan<byte> bytes, string what)
    {
        var rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(rented);
        return DecodeRented(rented, bytes.Length, what);
    }

    /// <summary>Parses the raw message in <paramref name="rented"/>; on success the notification owns the array.</summary>
    private static DecodeResult DecodeRented(byte[] rented, int length, string what)
    {
        JsonDocument? document = null;
        var owned = false;
        try
        {
            document = JsonDocument.Parse(rented.AsMemory(0, length), DocumentOptions);
            var result = Extract(document, rented, what);
            owned = result.Status == DecodeStatus.Decoded;
            return result;
        }
        catch (JsonException e)
        {
            return DecodeResult.Malformed($"{what} is not valid JSON: {e.Message}");
        }
        finally
        {
            if (!owned)
            {
                document?.Dispose();
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary><c>RabbitMessage(dict(msg))</c>, <c>unpack_context</c> and <c>_extract_user_message</c> in one pass.</summary>
    private static DecodeResult Extract(JsonDocument document, byte[] rented, string what)
    {
        var message = document.RootElement;
        if (message.ValueKind != JsonValueKind.Object)
        {
            return DecodeResult.Malformed($"{what} is a JSON {Kind(message)}, not an object");
        }

        var fields = default(MessageFields);
        foreach (var property in message.EnumerateObject())
        {
            // Later duplicates overwrite earlier ones: Python's dict keeps the last value.
            fields.Assign(property);
        }

        var priorityValue = fields[MessageKey.Priority];
        string priority;
        switch (priorityValue.ValueKind)
        {
            case JsonValueKind.Undefined:
                priority = string.Empty; // msg.get('priority', '')
                break;
            case JsonValueKind.String:
                Span<char> scratch = stackalloc char[JsonValues.StackCharLimit];
                if (!JsonValues.TryGetChars(priorityValue, scratch, out var chars))
                {
                    return DecodeResult.Malformed("priority holds an unpaired UTF-16 surrogate escape");
                }

                priority = NotificationPriorities.Normalize(chars);
                break;
            default:
                // Upstream raises in .lower() and requeues forever (osnl-compatibility.md §9 #21); we call it malformed.
                return DecodeResult.Malformed($"priority is a JSON {Kind(priorityValue)}, not a string");
        }

        // The context view owns the document and its bytes (see ContextView).
        var context = new ContextView(message, document, rented);
        return DecodeResult.Ok(new Notification
        {
            PublisherId = fields[MessageKey.PublisherId],
            EventType = fields[MessageKey.EventType],
            Priority = priority,
            Payload = fields[MessageKey.Payload],
            Context = context,
            Metadata = new MetadataView(message),
            UniqueIdElement = fields[MessageKey.UniqueId],
            Buffers = context,
        });
    }

    private static Notification CreateEmpty() => new()
    {
        Priority = string.Empty,
        Context = new ContextView(default),
        Metadata = new MetadataView(default),
    };

    private static bool IsCompatibleVersion(JsonElement version)
    {
        // oslo calls version.split('.'): anything but a str fails.
        if (version.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // What every OpenStack service sends; checked on the raw bytes to avoid a string per message.
        if (JsonMarshal.GetRawUtf8Value(version).SequenceEqual("\"2.0\""u8))
        {
            return true;
        }

        var text = JsonValues.TryGetString(version);
        return text is not null && EnvelopeVersion.IsCompatible(text);
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "...");

    /// <summary>The message keys the decoder reads; metadata's are read by <see cref="MetadataView"/> on use.</summary>
    private enum MessageKey
    {
        PublisherId,
        EventType,
        Priority,
        Payload,
        UniqueId,
    }

    /// <summary>The values of the <see cref="MessageKey"/>s, found in one pass over the properties (last duplicate wins).</summary>
    private struct MessageFields
    {
        /// <summary>The keys' names, in <see cref="MessageKey"/> order.</summary>
        private static readonly byte[][] KeyNames =
            ["publisher_id"u8.ToArray(), "event_type"u8.ToArray(), "priority"u8.ToArray(), "payload"u8.ToArray(), "_unique_id"u8.ToArray()];

        private static readonly int LongestKeyName = KeyNames.Max(name => name.Length);

        private Values _values;

        public readonly JsonElement this[MessageKey key] => _values[(int)key];

        public void Assign(JsonProperty property)
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);

            // A name written with JSON escapes ("pri\u006frity") is the same Python key once decoded.
            var escaped = name.IndexOf((byte)'\\') >= 0;
            // Most names (the _context_* ones) are longer than any of ours: no comparisons for them.
            if (!escaped && name.Length > LongestKeyName)
            {
                return;
            }

            for (var key = 0; key < KeyNames.Length; key++)
            {
                if (escaped ? property.NameEquals(KeyNames[key]) : name.SequenceEqual(KeyNames[key]))
                {
                    _values[key] = property.Value;
                    return;
                }
            }
        }

        /// <summary>One value per <see cref="MessageKey"/>, inline (no array per message).</summary>
        [InlineArray(5)]
        private struct Values
        {
            private JsonElement _first;
        }
    }
}
