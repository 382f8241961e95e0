using System.Buffers;
using System.Globalization;
using System.Text;

namespace K2hr3.Compat;

/// <summary>A Python <c>re</c> pattern we cannot (or Python would not) compile; the message is the reason.</summary>
public sealed class PythonRegexSyntaxException(string reason) : Exception(reason);

/// <summary>
/// Rewrites Python 3.11 <c>re</c> syntax (what upstream runs) into equivalent .NET syntax, token by token (escapes and
/// character classes are understood, so nothing inside them is rewritten by accident).
/// <list type="bullet">
/// <item>Translated: <c>(?P&lt;name&gt;…)</c> → <c>(?&lt;name&gt;…)</c>; <c>(?P=name)</c> and <c>\1</c>–<c>\99</c> →
/// <c>\k&lt;…&gt;</c> (Python numbers all groups left to right, .NET numbers named groups last, so numbers are
/// re-mapped); <c>\Z</c> → <c>\z</c>; <c>{,n}</c>/<c>{,}</c> → <c>{0,n}</c>/<c>{0,}</c> (.NET reads them literally);
/// possessive <c>x*+</c> (3.11) → <c>(?&gt;x*)</c>; octal and <c>\U</c> escapes → <c>\uXXXX</c>; a literal
/// <c>[</c> inside a class → <c>\[</c> (.NET would read <c>-[…]</c> as class subtraction); a literal <c>{</c> → <c>\{</c>;
/// <c>(?#…)</c> comments dropped; the <c>u</c> flag dropped (it is Python 3's default).</item>
/// <item>Rejected because Python itself rejects them (upstream would not start): .NET-only syntax such as
/// <c>(?&lt;name&gt;…)</c>, <c>(?'name'…)</c>, balancing groups, <c>\k</c>, <c>\p{…}</c>, <c>\G</c>, <c>\z</c>, <c>\e</c>,
/// any unknown letter escape, the <c>n</c> flag, global flags after the start, quantifiers on nothing or on an anchor,
/// repeated quantifiers, bad ranges, unknown or duplicate groups.</item>
/// <item>Rejected because .NET has no faithful equivalent: flags <c>a</c> (ASCII classes), <c>L</c> (locale, and
/// invalid for str patterns anyway), <c>x</c> (verbose; write the pattern compactly), <c>\N{name}</c>, and astral
/// (non-BMP) characters inside a class.</item>
/// </list>
/// Semantic differences that remain (documented, not detectable from the pattern): .NET matches UTF-16 code units, so
/// <c>.</c> or <c>[^a]</c> consume half of an astral character where Python consumes a whole code point; <c>\s</c>
/// excludes U+001C–U+001F in .NET; <c>\w</c> differs for combining marks and non-decimal numerics; case-insensitive
/// matching uses .NET's invariant simple case folding.
/// </summary>
public sealed class PythonRegexTranslator
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string _pattern;
    private readonly StringBuilder _output;
    private readonly List<string?> _groupNames = []; // Python group n (1-based) is at index n-1; null = unnamed
    private readonly List<int> _dotnetNumbers = [];  // Python group n → .NET group number when unnamed
    private readonly HashSet<int> _closedGroups = [];
    private readonly Stack<GroupFrame> _openGroups = new();
    private int _position;
    private int _unnamedGroups;
    private int _lastAtomStart = -1;
    private AtomKind _lastAtom = AtomKind.None;
    private bool _onlyGlobalFlagsSoFar = true;

    private PythonRegexTranslator(string pattern)
    {
        _pattern = pattern;
        _output = new StringBuilder(pattern.Length + 16);
    }

    private enum AtomKind
    {
        None,
        Repeatable,
        Anchor,
        Quantified,
    }

    /// <summary>Returns the .NET pattern for <paramref name="pattern"/> (not yet anchored).</summary>
    /// <exception cref="PythonRegexSyntaxException">The pattern is invalid for Python or has no .NET equivalent.</exception>
    public static string Translate(string pattern)
    {
        var translator = new PythonRegexTranslator(pattern);
        translator.TranslateAll();
        return translator._output.ToString();
    }

    private bool AtEnd => _position >= _pattern.Length;

    private void TranslateAll()
    {
        while (!AtEnd)
        {
            var c = _pattern[_position++];
            switch (c)
            {
                case '\\':
                    TranslateEscape();
                    break;
                case '[':
                    TranslateClass();
                    break;
                case '(':
                    TranslateGroupOpening();
                    break;
                case ')':
                    CloseGroup();
                    break;
                case '*' or '+' or '?':
                    Quantifier(c.ToString());
                    break;
                case '{':
                    TranslateBrace();
                    break;
                case '|':
                    _output.Append('|');
                    SetAtom(-1, AtomKind.None);
                    break;
                case '^' or '$':
                    BeginAtom(AtomKind.Anchor);
                    _output.Append(c);
                    break;
                case '.':
                    BeginAtom(AtomKind.Repeatable);
                    _output.Append('.');
                    break;
                default:
                    BeginAtom(AtomKind.Repeatable);
                    AppendLiteral(c, inClass: false);
                    break;
            }
        }

        if (_openGroups.Count > 0)
        {
            throw Error("missing ), unterminated subpattern");
        }
    }

    private void BeginAtom(AtomKind kind)
    {
        _onlyGlobalFlagsSoFar = false;
        SetAtom(_output.Length, kind);
    }

    private void SetAtom(int start, AtomKind kind)
    {
        _lastAtomStart = start;
        _lastAtom = kind;
    }

    private void Quantifier(string quantifier)
    {
        switch (_lastAtom)
        {
            case AtomKind.None:
            case AtomKind.Anchor:
                throw Error("nothing to repeat");
            case AtomKind.Quantified:
                throw Error("multiple repeat");
        }

        _output.Append(quantifier);
        if (!AtEnd && _pattern[_position] == '?')
        {
            _position++;
            _output.Append('?'); // lazy: same in .NET
        }
        else if (!AtEnd && _pattern[_position] == '+')
        {
            // Possessive (Python 3.11): .NET has none, but "x*+" is exactly the atomic group "(?>x*)".
            _position++;
            _output.Insert(_lastAtomStart, "(?>").Append(')');
        }

        _lastAtom = AtomKind.Quantified;
    }

    private void TranslateBrace()
    {
        // sre_parse: "{" starts a repeat only as {m}, {m,}, {,n}, {m,n} or {,}; otherwise it is a literal "{".
        var start = _position;
        var low = ReadDigits();
        var hasComma = !AtEnd && _pattern[_position] == ',';
        if (hasComma)
        {
            _position++;
        }

        var high = hasComma ? ReadDigits() : low;
        var isRepeat = !AtEnd && _pattern[_position] == '}' && (low.Length > 0 || hasComma);
        if (!isRepeat)
        {
            _position = start;
            BeginAtom(AtomKind.Repeatable);
            _output.Append("\\{");
            return;
        }

        _position++;
        if (low.Length > 0 && high.Length > 0 && BigCompare(low, high) > 0)
        {
            throw Error("min repeat greater than max repeat");
        }

        var lowText = low.Length == 0 ? "0" : low;
        Quantifier(hasComma ? $"{{{lowText},{high}}}" : $"{{{lowText}}}");
    }

    private string ReadDigits()
    {
        var start = _position;
        while (!AtEnd && char.IsAsciiDigit(_pattern[_position]))
        {
            _position++;
        }

        return _pattern[start.._position];
    }

    private static int BigCompare(string a, string b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    private void TranslateGroupOpening()
    {
        var groupStart = _output.Length;
        if (AtEnd || _pattern[_position] != '?')
        {
            OpenCapture(null, groupStart);
            return;
        }

        _position++;
        if (AtEnd)
        {
            throw Error("unexpected end of pattern");
        }

        var c = _pattern[_position++];
        switch (c)
        {
            case ':':
            case '>':
            case '=':
            case '!':
                OpenGroup("(?" + c, groupStart);
                return;
            case '<':
                if (!AtEnd && _pattern[_position] is '=' or '!')
                {
                    OpenGroup("(?<" + _pattern[_position++], groupStart);
                    return;
                }

                // .NET's named group / balancing group: Python 3.11 only knows (?P<name>...).
                throw Error("unknown extension ?< (Python names groups with (?P<name>...))");
            case 'P':
                TranslatePythonExtension(groupStart);
                return;
            case '#':
                SkipComment();
                return;
            case '(':
                TranslateConditional(groupStart);
                return;
            default:
                _position--;
                TranslateFlags(groupStart);
                return;
        }
    }

    private void TranslatePythonExtension(int groupStart)
    {
        if (AtEnd)
        {
            throw Error("unexpected end of pattern");
        }

        var kind = _pattern[_position++];
        if (kind == '<')
        {
            var name = ReadName('>');
            if (_groupNames.Contains(name))
            {
                throw Error($"redefinition of group name '{name}'");
            }

            OpenCapture(name, groupStart);
            return;
        }

        if (kind == '=')
        {
            var name = ReadName(')');
            var index = _groupNames.IndexOf(name);
            if (index < 0)
            {
                throw Error($"unknown group name '{name}'");
            }

            AppendBackReference(index + 1);
            return;
        }

        throw Error($"unknown extension ?P{kind}");
    }

    private string ReadName(char terminator)
    {
        var end = _pattern.IndexOf(terminator, _position);
        if (end < 0)
        {
            throw Error($"missing {terminator}, unterminated name");
        }

        var name = _pattern[_position..end];
        _position = end + 1;
        if (!IsIdentifier(name))
        {
            throw Error($"bad character in group name '{name}'");
        }

        return name;
    }

    // str.isidentifier(), close enough for group names: .NET then accepts exactly word characters.
    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private void SkipComment()
    {
        // (?#...) ends at the first ")"; backslashes are not special inside (sre_parse).
        var end = _pattern.IndexOf(')', _position);
        if (end < 0)
        {
            throw Error("missing ), unterminated comment");
        }

        _position = end + 1;
    }

    private void TranslateConditional(int groupStart)
    {
        var end = _pattern.IndexOf(')', _position);
        if (end < 0)
        {
            throw Error("missing ), unterminated name");
        }

        var reference = _pattern[_position..end];
        _position = end + 1;
        int group;
        if (reference.Length > 0 && reference.All(char.IsAsciiDigit))
        {
            group = int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
            if (group == 0 || group > _groupNames.Count)
            {
                throw Error($"invalid group reference {reference}");
            }
        }
        else
        {
            if (!IsIdentifier(reference))
            {
                throw Error($"bad character in group name '{reference}'");
            }

            group = _groupNames.IndexOf(reference) + 1;
            if (group == 0)
            {
                throw Error($"unknown group name '{reference}'");
            }
        }

        OpenGroup($"(?({DotnetGroupReference(group)})", groupStart);
    }

    private void TranslateFlags(int groupStart)
    {
        var on = new StringBuilder();
        var off = new StringBuilder();
        var target = on;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("missing -, : or )");
            }

            var c = _pattern[_position++];
            switch (c)
            {
                case 'i' or 'm' or 's':
                    target.Append(c);
                    break;
                case 'u' when target == on:
                    break; // Unicode matching is Python 3's default for str patterns, and .NET's.
                case 'a' or 'L' or 'x' or 'u':
                    throw Error(c switch
                    {
                        'a' => "flag 'a' (ASCII-only classes) is not supported",
                        'L' => "bad inline flags: cannot use 'L' flag with a str pattern",
                        'x' => "flag 'x' (verbose) is not supported: write the pattern without it",
                        _ => "bad inline flags: cannot turn off flag 'u'",
                    });
                case '-' when target == on:
                    target = off;
                    break;
                case ':':
                    if (on.ToString().Any(flag => off.ToString().Contains(flag)))
                    {
                        throw Error("bad inline flags: flag turned on and off");
                    }

                    OpenGroup(off.Length > 0 ? $"(?{on}-{off}:" : $"(?{on}:", groupStart);
                    return;
                case ')' when target == on:
                    // Global flags: Python 3.11 accepts them only at the very start of the pattern.
                    if (!_onlyGlobalFlagsSoFar)
                    {
                        throw Error("global flags not at the start of the expression");
                    }

                    if (on.Length > 0)
                    {
                        _output.Append("(?").Append(on).Append(')');
                    }

                    return;
                case ')':
                    throw Error("missing :");
                default:
                    throw Error(char.IsLetter(c) ? $"unknown flag '{c}'" : $"unknown extension ?{c}");
            }
        }
    }

    private void OpenCapture(string? name, int groupStart)
    {
        _groupNames.Add(name);
        _dotnetNumbers.Add(name is null ? ++_unnamedGroups : 0);
        OpenGroup(name is null ? "(" : $"(?<{name}>", groupStart, _groupNames.Count);
    }

    private void OpenGroup(string opening, int groupStart, int pythonGroup = 0)
    {
        _onlyGlobalFlagsSoFar = false;
        _output.Append(opening);
        _openGroups.Push(new GroupFrame(groupStart, pythonGroup));
        SetAtom(-1, AtomKind.None);
    }

    private void CloseGroup()
    {
        if (_openGroups.Count == 0)
        {
            throw Error("unbalanced parenthesis");
        }

        var group = _openGroups.Pop();
        _output.Append(')');
        if (group.PythonGroup > 0)
        {
            _closedGroups.Add(group.PythonGroup);
        }

        SetAtom(group.OutputStart, AtomKind.Repeatable);
    }

    private void AppendBackReference(int pythonGroup)
    {
        if (!_closedGroups.Contains(pythonGroup))
        {
            throw Error("cannot refer to an open group");
        }

        BeginAtom(AtomKind.Repeatable);
        _output.Append("\\k<").Append(DotnetGroupReference(pythonGroup)).Append('>');
    }

    private string DotnetGroupReference(int pythonGroup) =>
        _groupNames[pythonGroup - 1] ?? _dotnetNumbers[pythonGroup - 1].ToString(CultureInfo.InvariantCulture);

    private void TranslateEscape()
    {
        if (AtEnd)
        {
            throw Error("bad escape (end of pattern)");
        }

        var c = _pattern[_position++];
        switch (c)
        {
            case 'A' or 'b' or 'B':
                BeginAtom(AtomKind.Anchor);
                _output.Append('\\').Append(c);
                return;
            case 'Z':
                // Python's \Z is the absolute end of the string: .NET's \z (.NET's \Z also allows a final \n).
                BeginAtom(AtomKind.Anchor);
                _output.Append("\\z");
                return;
            case 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                BeginAtom(AtomKind.Repeatable);
                _output.Append('\\').Append(c);
                return;
        }

        if (char.IsAsciiDigit(c) && c != '0')
        {
            TranslateNumericEscape(c);
            return;
        }

        var code = ReadCharacterEscape(c, inClass: false);
        BeginAtom(AtomKind.Repeatable);
        AppendCodePoint(code, inClass: false);
    }

    private void TranslateNumericEscape(char first)
    {
        // sre_parse: three octal digits (first 0-3... any octal) make an octal escape, else 1-2 digits are a group.
        var digits = first.ToString();
        if (!AtEnd && char.IsAsciiDigit(_pattern[_position]))
        {
            digits += _pattern[_position++];
            if (IsOctal(digits[0]) && IsOctal(digits[1]) && !AtEnd && IsOctal(_pattern[_position]))
            {
                digits += _pattern[_position++];
                var value = Convert.ToInt32(digits, 8);
                if (value > 0xFF)
                {
                    throw Error($"octal escape value \\{digits} outside of range 0-0o377");
                }

                BeginAtom(AtomKind.Repeatable);
                AppendCodePoint(value, inClass: false);
                return;
            }
        }

        var group = int.Parse(digits, CultureInfo.InvariantCulture);
        if (group > _groupNames.Count)
        {
            throw Error($"invalid group reference {group}");
        }

        AppendBackReference(group);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    /// <summary>A Python escape that stands for one character (after the backslash and <paramref name="c"/>).</summary>
    private int ReadCharacterEscape(char c, bool inClass)
    {
        switch (c)
        {
            case 'a': return '\a';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return '\v';
            case 'b' when inClass: return '\b';
            case 'x': return ReadHex(2, "\\x");
            case 'u': return ReadHex(4, "\\u");
            case 'U':
                var value = ReadHex(8, "\\U");
                if (value > 0x10FFFF)
                {
                    throw Error($"bad escape \\U{value:X8}");
                }

                return value;
            case 'N':
                throw Error("named Unicode escapes (\\N{...}) are not supported");
            case '0':
                var octal = "0";
                while (octal.Length < 3 && !AtEnd && IsOctal(_pattern[_position]))
                {
                    octal += _pattern[_position++];
                }

                return Convert.ToInt32(octal, 8);
        }

        if (char.IsAsciiLetter(c) || char.IsAsciiDigit(c))
        {
            // Python rejects every other ASCII letter escape (\e, \G, \k, \p, \z, ...) and \8, \9 in classes.
            throw Error($"bad escape \\{c}");
        }

        // Any other escaped character is itself (\. \- \\ \é ...). A surrogate pair is one code point.
        if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_pattern[_position]))
        {
            return char.ConvertToUtf32(c, _pattern[_position++]);
        }

        return c;
    }

    private int ReadHex(int count, string escape)
    {
        if (_position + count > _pattern.Length || !int.TryParse(_pattern.AsSpan(_position, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || _pattern.AsSpan(_position, count).ContainsAnyExcept(HexDigits))
        {
            throw Error($"incomplete escape {escape}");
        }

        _position += count;
        return value;
    }

    private void TranslateClass()
    {
        // sre_parse: optional "^", then "]" is literal while the set is still empty; "[" inside is literal.
        BeginAtom(AtomKind.Repeatable);
        _output.Append('[');
        if (!AtEnd && _pattern[_position] == '^')
        {
            _position++;
            _output.Append('^');
        }

        var empty = true;
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated character set");
            }

            var c = _pattern[_position++];
            if (c == ']' && !empty)
            {
                _output.Append(']');
                return;
            }

            empty = false;
            var (isClass, low, text) = ReadClassItem(c);
            if (!AtEnd && _pattern[_position] == '-')
            {
                _position++;
                if (AtEnd)
                {
                    throw Error("unterminated character set");
                }

                var next = _pattern[_position++];
                if (next == ']')
                {
                    AppendClassItem(isClass, low, text);
                    _output.Append("\\-]");
                    return;
                }

                var (isHighClass, high, highText) = ReadClassItem(next);
                if (isClass || isHighClass || high < low)
                {
                    throw Error($"bad character range {text}-{highText}");
                }

                AppendCodePoint(low, inClass: true);
                _output.Append('-');
                AppendCodePoint(high, inClass: true);
                continue;
            }

            AppendClassItem(isClass, low, text);
        }
    }

    private (bool IsClass, int CodePoint, string Text) ReadClassItem(char c)
    {
        if (c != '\\')
        {
            if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_pattern[_position]))
            {
                var pair = char.ConvertToUtf32(c, _pattern[_position++]);
                return (false, pair, char.ConvertFromUtf32(pair));
            }

            return (false, c, c.ToString());
        }

        if (AtEnd)
        {
            throw Error("bad escape (end of pattern)");
        }

        var escaped = _pattern[_position++];
        if (escaped is 'd' or 'D' or 's' or 'S' or 'w' or 'W')
        {
            return (true, -1, "\\" + escaped);
        }

        if (char.IsAsciiDigit(escaped) && escaped != '0')
        {
            // In a class, digits are only ever octal (up to three digits); \8 and \9 are errors.
            if (!IsOctal(escaped))
            {
                throw Error($"bad escape \\{escaped}");
            }

            var octal = escaped.ToString();
            while (octal.Length < 3 && !AtEnd && IsOctal(_pattern[_position]))
            {
                octal += _pattern[_position++];
            }

            var value = Convert.ToInt32(octal, 8);
            return value > 0xFF ? throw Error($"octal escape value \\{octal} outside of range 0-0o377") : (false, value, "\\" + octal);
        }

        var code = ReadCharacterEscape(escaped, inClass: true);
        return (false, code, "\\" + escaped);
    }

    private void AppendClassItem(bool isClass, int codePoint, string text)
    {
        if (isClass)
        {
            _output.Append(text);
        }
        else
        {
            AppendCodePoint(codePoint, inClass: true);
        }
    }

    private void AppendCodePoint(int codePoint, bool inClass)
    {
        if (codePoint <= 0xFFFF)
        {
            AppendLiteral((char)codePoint, inClass);
            return;
        }

        if (inClass)
        {
            // A .NET class holds UTF-16 code units, so an astral character cannot be a member.
            throw Error($"character U+{codePoint:X} outside the BMP inside a character class is not supported");
        }

        // Outside a class the pair must stay one atom, so a following quantifier repeats both halves.
        var pair = char.ConvertFromUtf32(codePoint);
        _output.Append("(?:").Append(Escaped(pair[0])).Append(Escaped(pair[1])).Append(')');
    }

    private void AppendLiteral(char c, bool inClass)
    {
        if (char.IsSurrogate(c) && !inClass && char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_pattern[_position]))
        {
            AppendCodePoint(char.ConvertToUtf32(c, _pattern[_position++]), inClass);
            return;
        }

        if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 0x7F && !char.IsControl(c) && !char.IsSurrogate(c) && !char.IsWhiteSpace(c)))
        {
            _output.Append(c);
        }
        else if (c is > ' ' and < '\x7f')
        {
            // Every ASCII punctuation character is a literal when escaped, in and out of classes.
            _output.Append('\\').Append(c);
        }
        else
        {
            _output.Append(Escaped(c));
        }
    }

    private static string Escaped(char c) => $"\\u{(int)c:X4}";

    private PythonRegexSyntaxException Error(string reason) =>
        new($"{reason} at position {Math.Max(_position - 1, 0)}");

    private readonly record struct GroupFrame(int OutputStart, int PythonGroup);
}
