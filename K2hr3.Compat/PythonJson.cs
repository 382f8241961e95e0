using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K2hr3.Compat;

/// <summary>
/// JSON text exactly as Python's <c>json.dumps</c> writes it with default arguments — what kombu puts on the wire for
/// oslo.messaging (osnl-compatibility.md §5.1) and what k2hr3_osnl sends as <c>host=</c>: separators <c>", "</c> and
/// <c>": "</c>, keys in insertion order, every character outside 0x20–0x7E escaped as lower-case <c>\uxxxx</c>
/// (<c>ensure_ascii</c>; UTF-16 code units, so astral characters come out as surrogate pairs, like Python's), <c>/</c>
/// not escaped, integers printed canonically and other numbers as Python's <c>repr(float)</c>.
/// </summary>
public static class PythonJson
{
    /// <summary><c>json.dumps(value)</c>.</summary>
    public static string Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    /// <summary>The length of <c>json.dumps(items)</c> for a list of strings, for writing it without allocating.</summary>
    public static int ListLength(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var length = 2 + (2 * Math.Max(items.Count - 1, 0)); // "[" "]" and ", " between items
        foreach (var item in items)
        {
            length += 2; // quotes
            foreach (var c in item)
            {
                length += EscapedLength(c);
            }
        }

        return length;
    }

    /// <summary>Writes <c>json.dumps(items)</c> into <paramref name="destination"/>, which is <see cref="ListLength"/> long.</summary>
    public static void WriteList(IReadOnlyList<string> items, Span<char> destination)
    {
        ArgumentNullException.ThrowIfNull(items);
        var position = 0;
        destination[position++] = '[';
        for (var index = 0; index < items.Count; index++)
        {
            if (index > 0)
            {
                destination[position++] = ',';
                destination[position++] = ' ';
            }

            destination[position++] = '"';
            foreach (var c in items[index])
            {
                position += WriteEscaped(c, destination[position..]);
            }

            destination[position++] = '"';
        }

        destination[position] = ']';
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, member) in obj)
                {
                    text.Append(first ? string.Empty : ", ");
                    first = false;
                    WriteString(key, text);
                    text.Append(": ");
                    Write(member, text);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    Write(array[i], text);
                }

                text.Append(']');
                break;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(value.GetValue<string>(), text);
                        break;
                    case JsonValueKind.True:
                        text.Append("true");
                        break;
                    case JsonValueKind.False:
                        text.Append("false");
                        break;
                    case JsonValueKind.Number:
                        text.Append(PythonNumber(value.ToJsonString()));
                        break;
                    default:
                        text.Append("null");
                        break;
                }

                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        Span<char> escaped = stackalloc char[6];
        text.Append('"');
        foreach (var c in value)
        {
            text.Append(escaped[..WriteEscaped(c, escaped)]);
        }

        text.Append('"');
    }

    private static int EscapedLength(char c) => c switch
    {
        '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
        >= ' ' and <= '~' => 1,
        _ => 6, // \uxxxx
    };

    /// <summary>One UTF-16 code unit as <c>json.dumps</c> writes it inside a string; returns the characters written.</summary>
    private static int WriteEscaped(char c, Span<char> destination)
    {
        var shortEscape = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => '\0',
        };
        if (shortEscape != '\0')
        {
            destination[0] = '\\';
            destination[1] = shortEscape;
            return 2;
        }

        if (c is >= ' ' and <= '~')
        {
            destination[0] = c;
            return 1;
        }

        // Python writes '\\u{0:04x}': lower-case hex.
        destination[0] = '\\';
        destination[1] = 'u';
        ((int)c).TryFormat(destination[2..6], out _, "x4", CultureInfo.InvariantCulture);
        return 6;
    }

    /// <summary>Python's <c>json</c> reads integers as int (printed canonically) and the rest as float (printed by <c>repr</c>).</summary>
    private static string PythonNumber(string json)
    {
        if (json.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            return BigInteger.Parse(json, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return PythonFloatRepr(double.Parse(json, CultureInfo.InvariantCulture));
    }

    /// <summary><c>repr(float)</c>: shortest round-trip digits; scientific notation when the exponent is &lt; -4 or ≥ 16.</summary>
    private static string PythonFloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : string.Empty;
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        var decimalExponent = pointPosition - leadingZeros - 1; // value = d.ddd × 10^decimalExponent
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            return $"{sign}{digits[0]}{fraction}e{(decimalExponent < 0 ? '-' : '+')}{Math.Abs(decimalExponent):00}";
        }

        if (decimalExponent < 0)
        {
            return $"{sign}0.{new string('0', -decimalExponent - 1)}{digits}";
        }

        var integerDigits = decimalExponent + 1;
        return digits.Length <= integerDigits
            ? $"{sign}{digits.PadRight(integerDigits, '0')}.0"
            : $"{sign}{digits[..integerDigits]}.{digits[integerDigits..]}";
    }
}
