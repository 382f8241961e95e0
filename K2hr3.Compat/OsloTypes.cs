using System.Globalization;
using System.Numerics;

namespace K2hr3.Compat;

/// <summary>The value conversions of oslo.config's <c>types</c> module that k2hr3_osnl uses (osnl-compatibility.md §3.5, §3.6).</summary>
public static class OsloTypes
{
    private static readonly string[] TrueValues = ["true", "1", "on", "yes"];
    private static readonly string[] FalseValues = ["false", "0", "off", "no"];

    /// <summary>
    /// Python <c>int(value)</c>: surrounding blanks, a sign, leading zeros, Unicode decimal digits and single
    /// underscores between digits are accepted; <c>1.5</c>, <c>0x10</c> are not. Strict: an empty value and one
    /// outside <see cref="int"/> are errors too (for our own options, which upstream never had).
    /// </summary>
    public static int ParseInteger(string value, int? minimum = null, int? maximum = null)
    {
        var number = ParseIntegerOrNone(value)
            ?? throw new OptionValueException($"invalid literal for int() with base 10: {PythonText.Repr(value)}");
        if (number < int.MinValue || number > int.MaxValue)
        {
            throw new OptionValueException($"{PythonText.Repr(value)} is out of range (-2147483648..2147483647)");
        }

        // oslo's types.Integer(min, max) messages.
        return number < minimum ? throw new OptionValueException($"Should be greater than or equal to {minimum}")
            : number > maximum ? throw new OptionValueException($"Should be less than or equal to {maximum}")
            : (int)number;
    }

    /// <summary>
    /// oslo's <c>types.Integer</c> as IntOpt applies it: a blank value is None (null here), anything else is Python
    /// <c>int(value)</c> of any size.
    /// </summary>
    public static BigInteger? ParseIntegerOrNone(string value)
    {
        var text = PythonText.Strip(value);
        if (text.Length == 0)
        {
            return null;
        }

        var digits = text[0] is '+' or '-' ? text[1..] : text;
        if (!TryParseDigits(digits, out var magnitude))
        {
            throw new OptionValueException($"invalid literal for int() with base 10: {PythonText.Repr(value)}");
        }

        return text.StartsWith('-') ? -magnitude : magnitude;
    }

    /// <summary>oslo <c>types.Boolean</c>: case-insensitive true/1/on/yes, false/0/off/no; nothing is stripped.</summary>
    public static bool ParseBoolean(string value)
    {
        var lower = value.ToLowerInvariant();
        if (TrueValues.Contains(lower))
        {
            return true;
        }

        if (FalseValues.Contains(lower))
        {
            return false;
        }

        throw new OptionValueException($"Unexpected boolean value {PythonText.Repr(value)}");
    }

    /// <summary>oslo <c>types.String(choices=...)</c>: exact, case-sensitive.</summary>
    public static string ParseChoice(string value, IReadOnlyList<string> choices)
        => choices.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new OptionValueException($"Valid values are [{string.Join(", ", choices)}], but found {PythonText.Repr(value)}");

    /// <summary>
    /// oslo <c>types.Dict</c> (<c>k1:v1,k2:v2</c>), including its quirk: a piece without ':' is glued to the next
    /// piece with ',' and retried, so <c>a:1,,b:2</c> is <c>{a: 1, ",b": 2}</c> and a value cannot hold a comma.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseDictionary(string value)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = PythonText.Strip(value);
        if (text.Length == 0)
        {
            return result;
        }

        var pieces = new Queue<string>(text.Split(','));
        while (pieces.Count > 0)
        {
            var pair = pieces.Dequeue();
            int separator;
            while ((separator = pair.IndexOf(':')) < 0)
            {
                if (pieces.Count == 0)
                {
                    throw new OptionValueException("Value should be NAME:VALUE pairs separated by \",\"");
                }

                pair += "," + pieces.Dequeue();
            }

            var key = PythonText.Strip(pair[..separator]);
            if (key.Length == 0)
            {
                throw new OptionValueException("Key name should not be empty");
            }

            if (!result.TryAdd(key, PythonText.Strip(pair[(separator + 1)..])))
            {
                throw new OptionValueException($"Duplicate key {key}");
            }
        }

        return result;
    }

    private static bool TryParseDigits(string digits, out BigInteger magnitude)
    {
        magnitude = BigInteger.Zero;
        var previousWasDigit = false;
        foreach (var c in digits)
        {
            if (c == '_' && previousWasDigit)
            {
                previousWasDigit = false;
                continue;
            }

            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit < 0 || CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.DecimalDigitNumber)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
            previousWasDigit = true;
        }

        return previousWasDigit; // also rejects "", "+", and a trailing underscore
    }
}
