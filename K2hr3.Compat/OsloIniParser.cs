using System.Text;

namespace K2hr3.Compat;

/// <summary>
/// oslo.config's INI dialect (<c>iniparser.BaseParser</c> + <c>cfg.ConfigParser</c>), reproduced exactly: it is not
/// Python's configparser nor Microsoft.Extensions.Configuration.Ini (no inline comments, first of '=' or ':'
/// separates, continuation lines, quote stripping, untrimmed section names). osnl-compatibility.md §3.1.
/// </summary>
public static class OsloIniParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and parses a file (UTF-8; a leading BOM is tolerated, unlike Python, because editors add one).</summary>
    /// <exception cref="OsloIniParseException">Syntax error.</exception>
    /// <exception cref="IOException">Unreadable; also <see cref="UnauthorizedAccessException"/>, and <see cref="DecoderFallbackException"/> when not UTF-8.</exception>
    public static OsloIniDocument ParseFile(string path)
    {
        ReadOnlySpan<byte> bytes = File.ReadAllBytes(path);
        var byteOrderMark = "\uFEFF"u8;
        return Parse(StrictUtf8.GetString(bytes.StartsWith(byteOrderMark) ? bytes[byteOrderMark.Length..] : bytes), path);
    }

    /// <exception cref="OsloIniParseException">Syntax error; the message is oslo's.</exception>
    public static OsloIniDocument Parse(string text, string path)
    {
        var state = new ParserState(new OsloIniDocument(path));
        foreach (var line in SplitLines(text))
        {
            state.Feed(line);
        }

        state.Flush();
        return state.Document;
    }

    // Python text-mode iteration: universal newlines (\n, \r\n, \r); no empty line after a final terminator.
    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r'))
            {
                continue;
            }

            yield return text[start..i];
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private sealed class ParserState(OsloIniDocument document)
    {
        private string? _section;
        private string? _key;
        private readonly List<string> _value = [];
        private int _lineNumber;

        public OsloIniDocument Document { get; } = document;

        public void Feed(string rawLine)
        {
            _lineNumber++;
            var line = PythonText.RStrip(rawLine);
            if (line.Length == 0)
            {
                Flush(); // a blank line ends a multi-line value
                return;
            }

            if (line[0] is ' ' or '\t')
            {
                if (_key is null)
                {
                    throw Error("Unexpected continuation line", line);
                }

                _value.Add(PythonText.LStrip(line));
                return;
            }

            // Assignments are flushed lazily, which is why oslo reports "Section must be started before
            // assignment" on the line after the assignment; keep that for identical line numbers.
            Flush();
            if (line[0] == '[')
            {
                StartSection(line);
            }
            else if (line[0] is not ('#' or ';'))
            {
                StartAssignment(line);
            }
        }

        public void Flush()
        {
            if (_key is null)
            {
                return;
            }

            if (_section is null)
            {
                throw Error("Section must be started before assignment", line: null);
            }

            Document.Assign(_section, _key, string.Join('\n', _value));
            _key = null;
            _value.Clear();
        }

        private void StartSection(string line)
        {
            if (!line.EndsWith(']'))
            {
                throw Error("Invalid section (must end with ])", line);
            }

            if (line.Length <= 2)
            {
                throw Error("Empty section name", line);
            }

            _section = line[1..^1]; // not trimmed: "[ k2hr3 ]" is another section
            Document.StartSection(_section);
        }

        private void StartAssignment(string line)
        {
            var colon = line.IndexOf(':');
            var equal = line.IndexOf('=');
            if (colon < 0 && equal < 0)
            {
                throw Error("No ':' or '=' found in assignment", line);
            }

            var separator = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
            var key = PythonText.Strip(line[..separator]);
            var value = PythonText.Strip(line[(separator + 1)..]);
            if (value.Length > 0 && value[0] == value[^1] && value[0] is '"' or '\'')
            {
                value = value.Length > 1 ? value[1..^1] : string.Empty; // Python's '"'[1:-1] is ""
            }

            if (key.Length == 0)
            {
                throw Error("Key cannot be empty", line);
            }

            _key = key;
            _value.Add(value);
        }

        private OsloIniParseException Error(string reason, string? line) => new(Document.Path, _lineNumber, reason, line);
    }
}
