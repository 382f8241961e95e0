namespace K2hr3.Compat;

/// <summary>
/// Whether Python's <c>uuid.UUID(text)</c> accepts <paramref name="text"/> (osnl-compatibility.md §8.2), i.e. what upstream accepts as
/// a cuk: remove every <c>urn:</c>, then every <c>uuid:</c> (anywhere, in that order, like <c>str.replace</c>), strip
/// any run of <c>{</c>/<c>}</c> at both ends, remove every <c>-</c>, then require exactly 32 ASCII hex digits.
/// </summary>
/// <remarks>
/// <see cref="Guid.TryParse(string, out Guid)"/> accepts a different set (it rejects <c>urn:uuid:</c> and hyphens in odd
/// places, accepts <c>(…)</c> and <c>0x</c> forms), hence this hand-written check.
/// One deliberate narrowing: CPython then converts with <c>int(hex, 16)</c>, which also tolerates surrounding
/// whitespace, a sign, a <c>0x</c> prefix, <c>_</c> between digits and non-ASCII decimal digits as long as the length
/// is still 32 (e.g. <c>" "</c> + 31 hex digits). Those are not instance ids; we reject them.
/// </remarks>
public static class PythonUuid
{
    public static bool IsValid(string? text)
    {
        if (text is null)
        {
            return false;
        }

        // str.replace is left-to-right and non-overlapping, like string.Replace (ordinal).
        var hex = text.Contains("urn:", StringComparison.Ordinal) ? text.Replace("urn:", string.Empty, StringComparison.Ordinal) : text;
        hex = hex.Contains("uuid:", StringComparison.Ordinal) ? hex.Replace("uuid:", string.Empty, StringComparison.Ordinal) : hex;
        var span = hex.AsSpan().Trim("{}");
        var digits = 0;
        foreach (var c in span)
        {
            if (c == '-')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || ++digits > 32)
            {
                return false;
            }
        }

        return digits == 32;
    }
}
