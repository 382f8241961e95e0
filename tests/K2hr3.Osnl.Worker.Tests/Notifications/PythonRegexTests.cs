namespace K2hr3.Tests.Notifications;

public class PythonRegexTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static PythonRegex Compile(string pattern) => PythonRegex.Compile(pattern, Timeout, "[oslo_messaging_notifications] event_type");

    /// <summary>Every expected value was printed by CPython 3.11.7: <c>re.match(pattern, value) is not None</c>.</summary>
    [Theory]
    [InlineData("^port\\.delete\\.end$", "port.delete.end", true)]
    [InlineData("^port\\.delete\\.end$", "port.delete.end\n", true)]
    [InlineData("^port\\.delete\\.end$", "port.delete.end\n\n", false)]
    [InlineData("^port\\.delete\\.end$", "port.delete.end.x", false)]
    [InlineData("^port\\.delete\\.end$", "xport.delete.end", false)]
    [InlineData("port\\.delete", "port.delete.end", true)]
    [InlineData("delete\\.end", "port.delete.end", false)]
    [InlineData("network", "network.node1.example.com", true)]
    [InlineData("^network.*$", "network.node1.example.com", true)]
    [InlineData("^network.*$", "networ", false)]
    [InlineData("^nova-compute:.*$", "nova-compute:node1.example.com", true)]
    [InlineData("^compute.*$", "nova-compute:node1", false)]
    [InlineData("", "", true)]
    [InlineData("", "anything", true)]
    [InlineData("a|b", "b", true)]
    [InlineData("x|port", "port.delete", true)]
    [InlineData(".*end", "a\nend", false)]
    [InlineData("(?s).*end", "a\nend", true)]
    [InlineData("(?m)^end", "a\nend", false)]
    [InlineData("^end", "a\nend", false)]
    [InlineData("abc\\Z", "abc\n", false)]
    [InlineData("abc\\Z", "abc", true)]
    [InlineData("abc$", "abc\n", true)]
    [InlineData("(?P<a>x)(y)\\2", "xyy", true)]
    [InlineData("(?P<a>x)(y)\\2", "xyx", false)]
    [InlineData("(?P<a>x)(y)\\1", "xyx", true)]
    [InlineData("(?P<n>a)(?P=n)", "aa", true)]
    [InlineData("(?P<n>a)(?P=n)", "ab", false)]
    [InlineData("a{,2}b", "aab", true)]
    [InlineData("a{,2}b", "aaab", false)]
    [InlineData("xa{,2}b", "xaaab", false)]
    [InlineData("a{,}b", "aaaab", true)]
    [InlineData("a{}", "a{}", true)]
    [InlineData("a{", "a{", true)]
    [InlineData("a{1", "a{1", true)]
    [InlineData("a{x}", "a{x}", true)]
    [InlineData("x*+x", "xxx", false)]
    [InlineData("x*x", "xxx", true)]
    [InlineData("(?>x*)x", "xxx", false)]
    [InlineData("(?i)PORT", "port.delete", true)]
    [InlineData("(?i:P)ORT", "pORT", true)]
    [InlineData("(?i:P)ORT", "port", false)]
    [InlineData("PORT", "port", false)]
    [InlineData("\\d+$", "123", true)]
    [InlineData("\\d+$", "\u0661\u0662\u0663", true)]
    [InlineData("[[:alpha:]]", ":", false)]
    [InlineData("[[:alpha:]]", "a]", true)]
    [InlineData("[\\w-]+$", "a-b_c", true)]
    [InlineData("[-a]+$", "-a", true)]
    [InlineData("[a-]+$", "-a", true)]
    [InlineData("[]a]+$", "]a", true)]
    [InlineData("[^]a]+$", "bc", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("\\141", "a", true)]
    [InlineData("[\\141]", "a", true)]
    [InlineData("\\0", "\u0000", true)]
    [InlineData("\\x41\\u0042", "AB", true)]
    [InlineData("\\U0001F600+$", "\U0001f600\U0001f600", true)]
    [InlineData("\U0001f600+$", "\U0001f600\U0001f600", true)]
    [InlineData("a.c", "a\nc", false)]
    [InlineData("(a)?(?(1)b|c)", "ab", true)]
    [InlineData("(a)?(?(1)b|c)", "c", true)]
    [InlineData("(?P<x>a)?(?(x)b|c)", "ab", true)]
    [InlineData("(?=port)p", "port", true)]
    [InlineData("(?!port)p", "port", false)]
    [InlineData(".(?<=o)r", "or", true)]
    [InlineData("a(?#comment)b", "ab", true)]
    [InlineData("\\.\\-\\_", ".-_", true)]
    [InlineData("a#b c", "a#b c", true)]
    [InlineData("\\bport\\b", "port.x", true)]
    [InlineData("\\Aport", "port", true)]
    [InlineData("(?u)port", "port", true)]
    [InlineData("a\\tb", "a\tb", true)]
    [InlineData("[\\b]", "\u0008", true)]
    [InlineData("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", "abcdefghijj", true)]
    [InlineData("(a)\\1{2}", "aaa", true)]
    [InlineData("a++b", "aab", true)]
    [InlineData("(ab)*+a", "ababa", true)]
    [InlineData("[a-c]{2,3}?$", "abc", true)]
    public void MatchesExactlyWhenPythonReMatchDoes(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Compile(pattern).IsMatch(value));
    }

    /// <summary>Every pattern here fails <c>re.compile</c> in CPython 3.11.7 (upstream would not start).</summary>
    [Theory]
    [InlineData("a(?i)b", "global flags not at the start")]
    [InlineData("[\\d-z]", "bad character range")]
    [InlineData("[z-a]", "bad character range")]
    [InlineData("[a-[b]]", "bad character range")]
    [InlineData("(?<n>x)", "unknown extension ?<")]
    [InlineData("(?'n'x)", "unknown extension")]
    [InlineData("(?<a-b>x)", "unknown extension ?<")]
    [InlineData("\\k<a>", "bad escape \\k")]
    [InlineData("\\p{L}", "bad escape \\p")]
    [InlineData("\\P{L}", "bad escape \\P")]
    [InlineData("\\G", "bad escape \\G")]
    [InlineData("\\z", "bad escape \\z")]
    [InlineData("\\e", "bad escape \\e")]
    [InlineData("\\c", "bad escape \\c")]
    [InlineData("[\\A]", "bad escape \\A")]
    [InlineData("[\\Z]", "bad escape \\Z")]
    [InlineData("[\\8]", "bad escape \\8")]
    [InlineData("a**", "multiple repeat")]
    [InlineData("a*+*", "multiple repeat")]
    [InlineData("a{2}{3}", "multiple repeat")]
    [InlineData("^*", "nothing to repeat")]
    [InlineData("\\b+", "nothing to repeat")]
    [InlineData("*a", "nothing to repeat")]
    [InlineData("(?#c)*", "nothing to repeat")]
    [InlineData("a|*", "nothing to repeat")]
    [InlineData("\\1", "invalid group reference 1")]
    [InlineData("(a\\1)", "cannot refer to an open group")]
    [InlineData("(?(1)a|b)", "invalid group reference 1")]
    [InlineData("(?P=n)", "unknown group name 'n'")]
    [InlineData("(?P<n>a)(?P<n>b)", "redefinition of group name 'n'")]
    [InlineData("(?P<1a>x)", "bad character in group name")]
    [InlineData("(?Px)", "unknown extension ?Px")]
    [InlineData("a{3,2}", "min repeat greater than max repeat")]
    [InlineData("(?i-i:a)", "flag turned on and off")]
    [InlineData("(?n)a", "unknown flag")]
    [InlineData("(?i-m)a", "missing :")]
    [InlineData("\\x4", "incomplete escape \\x")]
    [InlineData("\\u12", "incomplete escape \\u")]
    [InlineData("\\U0011FFFF", "bad escape \\U")]
    [InlineData("\\777", "outside of range")]
    [InlineData("(?", "unexpected end of pattern")]
    [InlineData("(a", "missing ), unterminated subpattern")]
    [InlineData("a)", "unbalanced parenthesis")]
    [InlineData("[a", "unterminated character set")]
    [InlineData("\\", "bad escape (end of pattern)")]
    [InlineData("(?#never closed", "unterminated comment")]
    public void RejectsWhatPythonRejects(string pattern, string reason)
    {
        var error = Assert.Throws<OsnlConfigurationException>(() => Compile(pattern));

        Assert.Equal("[oslo_messaging_notifications] event_type", error.Option);
        Assert.Equal(pattern, error.Value);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains(pattern, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Valid Python, but without a faithful .NET translation: refused at start-up with a clear reason.</summary>
    [Theory]
    [InlineData("(?a)\\w", "flag 'a'")]
    [InlineData("(?x) a", "flag 'x' (verbose)")]
    [InlineData("(?L)a", "'L' flag")]
    [InlineData("\\N{DIGIT ONE}", "\\N{...}")]
    [InlineData("[\\U0001F600]", "outside the BMP inside a character class")]
    [InlineData("[\U0001F600]", "outside the BMP inside a character class")]
    public void RejectsPythonSyntaxWithoutADotnetEquivalent(string pattern, string reason)
    {
        var error = Assert.Throws<OsnlConfigurationException>(() => Compile(pattern));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("^port\\.delete\\.end$", "\\A(?:^port\\.delete\\.end$)")]
    [InlineData("(?P<a>x)(y)\\2(?P=a)", "\\A(?:(?<a>x)(y)\\k<1>\\k<a>)")]
    [InlineData("abc\\Z", "\\A(?:abc\\z)")]
    [InlineData("a{,2}b{,}", "\\A(?:a{0,2}b{0,})")]
    [InlineData("a{}", "\\A(?:a\\{\\})")]
    [InlineData("x*+y{2}+", "\\A(?:(?>x*)(?>y{2}))")]
    [InlineData("(ab)++", "\\A(?:(?>(ab)+))")]
    [InlineData("[[-]", "\\A(?:[\\[\\-])")]
    [InlineData("a(?#c)b", "\\A(?:ab)")]
    [InlineData("(?iu)a", "\\A(?:(?i)a)")]
    [InlineData("\\141\\0", "\\A(?:a\\u0000)")]
    public void TranslatesPythonSyntax(string pattern, string dotnet)
    {
        Assert.Equal(dotnet, Compile(pattern).DotnetPattern);
    }

    [Theory]
    [InlineData("^port\\.delete\\.end$", true)]
    [InlineData("^network.*$", true)]
    [InlineData("(?P<a>x)(?P=a)", false)] // backreference: backtracking engine
    [InlineData("(?=a)a", false)]          // lookaround: backtracking engine
    [InlineData("x*+", false)]             // atomic group: backtracking engine
    public void UsesTheLinearEngineWhenThePatternAllowsIt(string pattern, bool nonBacktracking)
    {
        Assert.Equal(nonBacktracking, Compile(pattern).IsNonBacktracking);
    }

    [Fact]
    public void IsCaseSensitiveAndCultureInvariant()
    {
        Assert.False(Compile("info").IsMatch("INFO"));
        Assert.True(Compile("(?i)info").IsMatch("INFO"));
        Assert.False(Compile("(?i)i").IsMatch("\u0130")); // no Turkish dotted I folding
    }

    [Fact]
    public void CatastrophicBacktrackingIsCutByTheMatchTimeout()
    {
        // The backreference forces the backtracking engine; (a+)+ on "aaaa...!" explodes exponentially.
        var regex = PythonRegex.Compile("(?P<x>(a+)+)(?P=x)$", TimeSpan.FromMilliseconds(50), "test");
        Assert.False(regex.IsNonBacktracking);

        var watch = Stopwatch.StartNew();
        Assert.Throws<RegexMatchTimeoutException>(() => regex.IsMatch(new string('a', 40) + "!"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void TheSameHostileInputIsLinearWithTheNonbacktrackingEngine()
    {
        // A generous time-out: building the automaton on first use must not count as backtracking on a loaded machine.
        var regex = PythonRegex.Compile("(a+)+$", TimeSpan.FromSeconds(2), "test");
        Assert.True(regex.IsNonBacktracking);

        Assert.False(regex.IsMatch(new string('a', 10_000) + "!"));
    }

    [Fact]
    public void InvalidTimeoutIsAConfigurationErrorNamingTheOption()
    {
        var error = Assert.Throws<OsnlConfigurationException>(() => PythonRegex.Compile("a", TimeSpan.FromMilliseconds(-5), "[worker] regex_timeout_ms"));

        Assert.Equal("[worker] regex_timeout_ms", error.Option);
    }
}
