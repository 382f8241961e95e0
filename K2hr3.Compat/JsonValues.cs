using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace K2hr3.Compat;

/// <summary>Python views of JSON values (truthiness, <c>str</c>) without allocating on the common path.</summary>
public static class JsonValues
{
    /// <summary>Scratch size callers <c>stackalloc</c> for <see cref="TryGetChars"/>; longer strings are rare and allocate.</summary>
    public const int StackCharLimit = 256;

    // Kept alive for the process: a shared JSON null for "key present with value None" (metadata, client_timeout).
    private static readonly JsonDocument NullDocument = JsonDocument.Parse("null");

    /// <summary>A JSON <c>null</c> (Python <c>None</c>) that never becomes invalid.</summary>
    public static JsonElement Null { get; } = NullDocument.RootElement;

    /// <summary>
    /// Python truthiness of the decoded value: <c>None</c>, <c>""</c>, <c>0</c>/<c>0.0</c>, <c>False</c>,
    /// <c>[]</c> and <c>{}</c> are false. Undefined (key absent, <c>dict.get</c> gives None) is false too.
    /// </summary>
    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => JsonMarshal.GetRawUtf8Value(value).Length > 2, // raw text includes the quotes
        JsonValueKind.Number => !IsZero(value),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().MoveNext(),
        _ => false,
    };

    /// <summary>
    /// The string's characters: decoded into <paramref name="scratch"/> when it has no escapes and fits, else via an
    /// allocated string. False when the value is not a string or holds an unpaired surrogate escape (<c>"\ud800"</c>):
    /// Python would accept that, .NET cannot represent it as valid UTF-16 text, so it is treated as "not a string".
    /// </summary>
    public static bool TryGetChars(JsonElement value, Span<char> scratch, out ReadOnlySpan<char> chars)
    {
        chars = default;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1];
        // UTF-16 never needs more code units than UTF-8 has bytes, so raw.Length chars always suffice. The bytes were
        // validated as UTF-8 by the decoder.
        if (raw.Length <= scratch.Length && raw.IndexOf((byte)'\\') < 0)
        {
            chars = scratch[..Encoding.UTF8.GetChars(raw, scratch)];
            return true;
        }

        var text = TryGetString(value);
        chars = text;
        return text is not null;
    }

    /// <summary><see cref="JsonElement.GetString"/> for a string value, or null (not a string, unpaired surrogate).</summary>
    public static string? TryGetString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The value as JSON text for a log line or an error reason, cut to <paramref name="maxChars"/>.</summary>
    public static string Describe(JsonElement value, int maxChars = 120)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return "(absent)";
        }

        var text = value.GetRawText();
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "...");
    }

    /// <summary>Python reads JSON numbers as int (exact) or float (may underflow to 0.0): both are false only when zero.</summary>
    private static bool IsZero(JsonElement number)
    {
        var raw = JsonMarshal.GetRawUtf8Value(number);
        // Fast path for integers: zero iff every digit is 0 ("0", "-0").
        if (raw.IndexOfAny(".eE"u8) < 0)
        {
            return raw.TrimStart((byte)'-').IndexOfAnyExcept((byte)'0') < 0;
        }

        // A float: "1e-400" underflows to 0.0 in Python and in .NET alike; "1e400" is inf (truthy) in Python and
        // fails TryGetDouble here, so "not parsed" means "non-zero".
        return number.TryGetDouble(out var d) && d == 0;
    }
}
