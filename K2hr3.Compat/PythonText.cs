using System.Globalization;
using System.Text;

namespace K2hr3.Compat;

/// <summary>
/// The few Python <c>str</c> behaviours oslo.config relies on. .NET's <see cref="string.Trim()"/> and Python's
/// <c>strip()</c> disagree on U+001C..U+001F (Python strips them), so values are stripped with these instead.
/// </summary>
public static class PythonText
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    public static string Strip(string value) => RStrip(LStrip(value));

    public static string LStrip(string value)
    {
        var start = 0;
        while (start < value.Length && IsSpace(value[start]))
        {
            start++;
        }

        return value[start..];
    }

    public static string RStrip(string value)
    {
        var end = value.Length;
        while (end > 0 && IsSpace(value[end - 1]))
        {
            end--;
        }

        return value[..end];
    }

    /// <summary>Python's <c>repr(str)</c>, as oslo puts it in its messages (<c>'warning'</c>, <c>'a\nb'</c>).</summary>
    public static string Repr(string? value)
    {
        if (value is null)
        {
            return "None";
        }

        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            AppendEscaped(builder, rune, quote);
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>Python's <c>repr(dict)</c> of string pairs, used when a dict option is substituted into a string.</summary>
    public static string Repr(IReadOnlyDictionary<string, string> entries)
        => "{" + string.Join(", ", entries.Select(pair => $"{Repr(pair.Key)}: {Repr(pair.Value)}")) + "}";

    private static void AppendEscaped(StringBuilder builder, Rune rune, char quote)
    {
        switch (rune.Value)
        {
            case '\\': builder.Append(@"\\"); return;
            case '\n': builder.Append(@"\n"); return;
            case '\r': builder.Append(@"\r"); return;
            case '\t': builder.Append(@"\t"); return;
        }

        if (rune.Value == quote)
        {
            builder.Append('\\').Append(quote);
        }
        else if (IsPrintable(rune))
        {
            builder.Append(rune.ToString());
        }
        else if (rune.Value <= 0xff)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
        }
        else if (rune.Value <= 0xffff)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    // Python's str.isprintable(): everything except "Other" and "Separator" categories, but the ASCII space.
    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
