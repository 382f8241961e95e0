namespace K2hr3.Tests.Compat;

/// <summary>oslo.config INI semantics (osnl-compatibility.md §3.1).</summary>
public class OsloIniParserTests
{
    private const string Path = "/etc/k2hr3/t.conf";

    private static string? Value(string text, string section, string key)
        => OsloIniParser.Parse(text, Path).TryGetValue(section, key, out var value) ? value : null;

    /// <summary>Whether <paramref name="text"/> holds a value under exactly this section and key name.</summary>
    private static bool HasValue(string text, string section, string key)
        => OsloIniParser.Parse(text, Path).TryGetValue(section, key, out _);

    private static OsloIniParseException ParseFails(string text)
        => Assert.Throws<OsloIniParseException>(() => OsloIniParser.Parse(text, Path));

    [Fact]
    public void EmptyFileIsValidAndHasNoSections()
        => Assert.Empty(OsloIniParser.Parse(string.Empty, Path).SectionNames);

    [Theory]
    [InlineData("[k2hr3]\napi_url = http://a/v1\n", "http://a/v1")]
    [InlineData("[k2hr3]\napi_url=http://a/v1", "http://a/v1")]
    [InlineData("[k2hr3]\napi_url = http://a/v1   \t\n", "http://a/v1")]
    [InlineData("[k2hr3]\r\napi_url = http://a/v1\r\n", "http://a/v1")]
    [InlineData("[k2hr3]\rapi_url = http://a/v1\r", "http://a/v1")]
    [InlineData("[k2hr3]\n  \napi_url = x\n", "x")]
    public void AssignmentsAreStrippedAndAnyLineEndingWorks(string text, string expected)
        => Assert.Equal(expected, Value(text, "k2hr3", "api_url"));

    [Theory]
    [InlineData("api_url = http://a/v1 # c", "http://a/v1 # c")]
    [InlineData("api_url = x ; c", "x ; c")]
    public void ThereAreNoInlineComments(string line, string expected)
        => Assert.Equal(expected, Value($"[k2hr3]\n{line}\n", "k2hr3", "api_url"));

    [Theory]
    [InlineData("# api_url = commented")]
    [InlineData("; api_url = commented")]
    [InlineData("#api_url = commented")]
    public void HashOrSemicolonInColumnZeroIsAComment(string comment)
        => Assert.Null(Value($"[k2hr3]\n{comment}\n", "k2hr3", "api_url"));

    [Theory]
    [InlineData("context: a:b", "context", "a:b")]
    [InlineData("payload = c:d", "payload", "c:d")]
    [InlineData("a:b = c", "a", "b = c")]
    [InlineData("a=b:c", "a", "b:c")]
    [InlineData("my key = 1", "my key", "1")]
    [InlineData("empty =", "empty", "")]
    public void TheFirstOfEqualsOrColonSeparates(string line, string key, string expected)
        => Assert.Equal(expected, Value($"[s]\n{line}\n", "s", key));

    [Theory]
    [InlineData("\"quoted\"", "quoted")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("\"x\"y\"", "x\"y")]
    [InlineData("'abc\"", "'abc\"")]
    [InlineData("\"\"", "")]
    [InlineData("\"", "")]
    [InlineData("\"\"x\"\"", "\"x\"")]
    [InlineData("a\"b\"", "a\"b\"")]
    public void OnePairOfMatchingOuterQuotesIsRemoved(string raw, string expected)
        => Assert.Equal(expected, Value($"[s]\nk = {raw}\n", "s", "k"));

    [Fact]
    public void ContinuationLinesAreLeftStrippedAndJoinedWithNewline()
        => Assert.Equal("^port\n\\.delete\nend", Value("[s]\nevent_type = ^port\n  \\.delete\n\tend\n", "s", "event_type"));

    [Fact]
    public void QuotesOfTheFirstLineAreStrippedBeforeContinuationLinesAreJoined()
        => Assert.Equal("a\n\"b\"", Value("[s]\nk = \"a\"\n \"b\"\n", "s", "k"));

    [Fact]
    public void ABlankLineEndsAValueSoALaterIndentedLineIsAnError()
    {
        var error = ParseFails("[s]\nk = a\n\n  b\n");
        Assert.Equal(4, error.LineNumber);
        Assert.Equal("Unexpected continuation line", error.Reason);
    }

    [Fact]
    public void AnIndentedCommentLineIsAContinuation()
        => Assert.Equal("a\n# not a comment", Value("[s]\nk = a\n  # not a comment\n", "s", "k"));

    [Fact]
    public void SectionNamesAreNotTrimmed()
    {
        Assert.False(HasValue("[ k2hr3 ]\napi_url = x\n", "k2hr3", "api_url"));
        Assert.True(HasValue("[ k2hr3 ]\napi_url = x\n", " k2hr3 ", "api_url"));
    }

    [Theory]
    [InlineData("K2HR3", "k2hr3")]
    [InlineData("Oslo_Messaging_Notifications", "oslo_messaging_notifications")]
    [InlineData("DEFAULT", "DEFAULT")]
    public void SectionLookupIsCaseInsensitiveForGroups(string written, string looked)
        => Assert.Equal("v", Value($"[{written}]\nk = v\n", looked, "k"));

    [Theory]
    [InlineData("default")]
    [InlineData("Default")]
    public void OnlyUpperCaseDefaultIsTheDefaultSection(string written)
        => Assert.Null(Value($"[{written}]\ndebug_level = debug\n", "DEFAULT", "debug_level"));

    [Fact]
    public void KeysAreCaseSensitive()
    {
        Assert.False(HasValue("[k2hr3]\nAPI_URL = x\n", "k2hr3", "api_url"));
        Assert.True(HasValue("[k2hr3]\nAPI_URL = x\n", "k2hr3", "API_URL"));
    }

    [Fact]
    public void TheLastAssignmentWinsAlsoAcrossRepeatedSections()
    {
        const string text = "[k2hr3]\nk = 1\nk = 2\n[other]\nk = x\n[K2HR3]\nk = 3\n[k2hr3]\nj = 4\n";
        Assert.Equal("3", Value(text, "k2hr3", "k"));
        Assert.Equal("4", Value(text, "k2hr3", "j"));
    }

    [Fact]
    public void TrailingBlanksAreStrippedIncludingPythonOnlyWhitespace()
        => Assert.Equal("v", Value("[s]\nk = v\u001f\u00a0 \n", "s", "k"));

    [Fact]
    public void ALeadingByteOrderMarkIsTolerated()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bom-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "[k2hr3]\napi_url = x\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            Assert.True(OsloIniParser.ParseFile(path).TryGetValue("k2hr3", "api_url", out var value));
            Assert.Equal("x", value);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AssignmentBeforeAnySectionIsReportedOnTheLineThatFlushesItLikeOslo()
    {
        // The upstream test file; oslo says ":2" and "None" because assignments are flushed lazily.
        var error = ParseFails("value = value\nvalue = value\n");
        Assert.Equal(2, error.LineNumber);
        Assert.Null(error.Line);
        Assert.Equal(
            "Failed to parse /etc/k2hr3/t.conf: at /etc/k2hr3/t.conf:2, Section must be started before assignment: None",
            error.Message);
    }

    [Theory]
    [InlineData("a = b", 1)]
    [InlineData("a = b\n", 1)]
    [InlineData("# c\na = b\n\n[s]\n", 3)]
    [InlineData("a = b\n  more\n[s]\n", 3)]
    public void SectionMustBeStartedLineNumbers(string text, int expectedLine)
    {
        var error = ParseFails(text);
        Assert.Equal("Section must be started before assignment", error.Reason);
        Assert.Equal(expectedLine, error.LineNumber);
    }

    [Theory]
    [InlineData("[k2hr3\n", 1, "Invalid section (must end with ])", "'[k2hr3'")]
    [InlineData("[s]\nk = v\n[]\n", 3, "Empty section name", "'[]'")]
    [InlineData("[s]\n\njust words\n", 3, "No ':' or '=' found in assignment", "'just words'")]
    [InlineData("[s]\n= v\n", 2, "Key cannot be empty", "'= v'")]
    [InlineData("[s]\n: v\n", 2, "Key cannot be empty", "': v'")]
    [InlineData("  indented\n", 1, "Unexpected continuation line", "'  indented'")]
    [InlineData("[s]\n\tindented\n", 2, "Unexpected continuation line", "'\\tindented'")]
    [InlineData("[s]\n# c\n  after comment\n", 3, "Unexpected continuation line", "'  after comment'")]
    public void SyntaxErrorsNameTheLineLikeOslo(string text, int line, string reason, string lineRepr)
    {
        var error = ParseFails(text);
        Assert.Equal(line, error.LineNumber);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"Failed to parse {Path}: at {Path}:{line}, {reason}: {lineRepr}", error.Message);
    }

    [Fact]
    public void AFileThatIsNotUtf8IsRejected()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"latin1-{Guid.NewGuid():N}.conf");
        File.WriteAllBytes(path, [.. "[s]\nk = caf"u8, 0xe9, (byte)'\n']);
        try
        {
            Assert.Throws<System.Text.DecoderFallbackException>(() => OsloIniParser.ParseFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
