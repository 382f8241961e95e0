using System.Globalization;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// oslo.messaging's <c>utils.version_is_compatible("2.0", version)</c> for the v2 envelope's <c>oslo.version</c>:
/// same major, minor ≤ 0, and for minor 0 a revision ≤ 0. Parts are read with Python's <c>int()</c> rules
/// (surrounding whitespace, sign, <c>_</c> between digits, Unicode decimal digits), so <c>"2.0"</c>, <c>"2.0.0"</c>,
/// <c>" 2.0"</c>, <c>"02.0"</c>, <c>"2.-1"</c> are compatible and <c>"2"</c>, <c>"2.1"</c>, <c>"2.0.1"</c>, <c>"1.0"</c>,
/// <c>"3.0"</c>, <c>"2.x"</c> are not. Where oslo raises (missing minor, non-numeric part) we also say "not compatible":
/// both end as a malformed message.
/// </summary>
internal static class EnvelopeVersion
{
    private const int ImplementedMajor = 2;
    private const int ImplementedMinor = 0;
    private const int ImplementedRevision = 0;

    public static bool IsCompatible(string version)
    {
        var parts = version.Split('.');
        if (parts.Length < 2 || !TryParsePythonInt(parts[0], out var major) || major != ImplementedMajor)
        {
            return false;
        }

        if (!TryParsePythonInt(parts[1], out var minor) || minor > ImplementedMinor)
        {
            return false;
        }

        // Python short-circuits: the revision is only converted when the minor equals the implemented one.
        if (minor == ImplementedMinor && parts.Length > 2)
        {
            return TryParsePythonInt(parts[2], out var revision) && revision <= ImplementedRevision;
        }

        return true;
    }

    /// <summary>Python <c>int(text)</c> (base 10); magnitudes beyond <see cref="long"/> saturate (only the comparison matters).</summary>
    internal static bool TryParsePythonInt(string text, out long value)
    {
        value = 0;
        var span = text.AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && IsPythonSpace(span[start]))
        {
            start++;
        }

        while (end > start && IsPythonSpace(span[end - 1]))
        {
            end--;
        }

        span = span[start..end];
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var digits = 0;
        var previousWasDigit = false;
        foreach (var c in span)
        {
            if (c == '_')
            {
                if (!previousWasDigit)
                {
                    return false;
                }

                previousWasDigit = false;
                continue;
            }

            // Python accepts any Unicode decimal digit (category Nd), not other numerics such as superscripts.
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.DecimalDigitNumber)
            {
                return false;
            }

            var digit = CharUnicodeInfo.GetDecimalDigitValue(c);

            value = value > (long.MaxValue - digit) / 10 ? long.MaxValue : (value * 10) + digit;
            previousWasDigit = true;
            digits++;
        }

        if (digits == 0 || !previousWasDigit)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    // str.isspace(): .NET's char.IsWhiteSpace plus the ASCII information separators 0x1C-0x1F.
    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
