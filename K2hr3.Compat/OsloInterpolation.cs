using System.Text.RegularExpressions;

namespace K2hr3.Compat;

/// <summary>
/// oslo.config's value interpolation (osnl-compatibility.md §3.2, §9 #18): <c>\$</c> is first rewritten to <c>$$</c>, then
/// Python's <c>string.Template.safe_substitute</c> runs with idpattern <c>[_a-z][._a-z0-9]*</c> (case-insensitive):
/// <c>$$</c> → <c>$</c>, <c>$name</c>/<c>${name}</c> → the referenced option's value, any other <c>$</c> (regex
/// anchors such as <c>end$</c> or <c>(a$|b)</c>) is kept.
/// </summary>
public static partial class OsloInterpolation
{
    /// <summary>Substitutes references; <paramref name="resolve"/> returns the text of a referenced option or throws.</summary>
    public static string Substitute(string value, Func<string, string> resolve)
    {
        if (!value.Contains('$'))
        {
            return value;
        }

        var escaped = value.Replace(@"\$", "$$", StringComparison.Ordinal);
        return TemplatePattern().Replace(escaped, match => match.Groups["escaped"].Success ? "$"
            : match.Groups["named"].Success ? resolve(match.Groups["named"].Value)
            : match.Groups["braced"].Success ? resolve(match.Groups["braced"].Value)
            : match.Value);
    }

    // string.Template.pattern with the delimiter '$'; the empty "invalid" alternative leaves a lone '$' as is.
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_a-z][._a-z0-9]*)|\{(?<braced>[_a-z][._a-z0-9]*)\}|)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TemplatePattern();
}
