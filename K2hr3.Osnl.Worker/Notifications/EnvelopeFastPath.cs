using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// The hot path for what every OpenStack service actually sends: kombu's exact bytes
/// <c>{"oslo.version": "2.0", "oslo.message": "…"}</c>. Recognising that form lets the envelope string be validated
/// and unescaped in ONE pass straight into pooled bytes, instead of a JSON tokenizer pass over it followed by an
/// unescape pass (together two thirds of the decode time in DecodeStageBenchmarks). Any other form — other
/// whitespace, key order, more keys — takes the general path, so the result is identical either way.
/// </summary>
internal static class EnvelopeFastPath
{
    private static ReadOnlySpan<byte> Prefix => "{\"oslo.version\": \"2.0\", \"oslo.message\": \""u8;

    // What ends a run of plain bytes inside a JSON string: a quote, a backslash or a control character.
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    public enum Outcome
    {
        /// <summary>Not kombu's exact form: use the general path.</summary>
        NotApplicable,

        /// <summary>The unescaped <c>oslo.message</c> is in the destination.</summary>
        Unescaped,

        /// <summary>The envelope string is not a valid JSON string (the general path would say so too).</summary>
        Invalid,
    }

    /// <param name="body">The whole AMQP body, already known to be valid UTF-8.</param>
    /// <param name="destination">At least as long as the body (unescaping never grows the text).</param>
    /// <param name="written">Length of the unescaped message.</param>
    public static Outcome TryUnescapeMessage(ReadOnlySpan<byte> body, Span<byte> destination, out int written)
    {
        written = 0;
        if (!body.StartsWith(Prefix))
        {
            return Outcome.NotApplicable;
        }

        var source = body[Prefix.Length..];
        var position = 0;
        while (true)
        {
            var run = source[position..].IndexOfAny(Special);
            if (run < 0)
            {
                return Outcome.NotApplicable; // unterminated: let the general path report it
            }

            source.Slice(position, run).CopyTo(destination[written..]);
            written += run;
            position += run;
            var b = source[position];
            if (b == '"')
            {
                position++;
                break;
            }

            if (b != '\\' || !TryUnescape(source, ref position, destination, ref written))
            {
                return Outcome.Invalid; // raw control character or bad escape
            }
        }

        // Only "}" (with JSON whitespace around) may follow, else it is not the two-key envelope.
        var rest = source[position..].Trim(" \t\r\n"u8);
        return rest.Length == 1 && rest[0] == '}' ? Outcome.Unescaped : Outcome.NotApplicable;
    }

    /// <summary>Decodes the escape at <paramref name="position"/> (a backslash) into UTF-8.</summary>
    private static bool TryUnescape(ReadOnlySpan<byte> source, ref int position, Span<byte> destination, ref int written)
    {
        if (position + 1 >= source.Length)
        {
            return false;
        }

        var kind = source[position + 1];
        position += 2;
        byte simple = kind switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'/' => (byte)'/',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            _ => 0,
        };
        if (simple != 0)
        {
            destination[written++] = simple;
            return true;
        }

        if (kind != 'u' || !TryReadHex4(source, ref position, out var unit))
        {
            return false;
        }

        int codePoint = unit;
        if (char.IsHighSurrogate((char)unit))
        {
            // Must be followed by an escaped low surrogate; an unpaired one is refused like Utf8JsonReader.CopyString does.
            if (position + 1 >= source.Length || source[position] != '\\' || source[position + 1] != 'u')
            {
                return false;
            }

            position += 2;
            if (!TryReadHex4(source, ref position, out var low) || !char.IsLowSurrogate((char)low))
            {
                return false;
            }

            codePoint = char.ConvertToUtf32((char)unit, (char)low);
        }
        else if (char.IsLowSurrogate((char)unit))
        {
            return false;
        }

        written += new Rune(codePoint).EncodeToUtf8(destination[written..]);
        return true;
    }

    private static bool TryReadHex4(ReadOnlySpan<byte> source, ref int position, out ushort value)
    {
        value = 0;
        if (position + 4 > source.Length || !Utf8Parser.TryParse(source.Slice(position, 4), out value, out var consumed, 'X') || consumed != 4)
        {
            return false;
        }

        position += 4;
        return true;
    }
}
