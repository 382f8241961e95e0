using System.Text.RegularExpressions;

namespace K2hr3.Osnl.Worker.Notifications;

/// <summary>
/// A filter pattern with Python's <c>re.match(pattern, value)</c> semantics (osnl-compatibility.md §6, §9 #20): the Python syntax is
/// translated (<see cref="PythonRegexTranslator"/>), then anchored as <c>\A(?:…)</c>, so it must match at the start but
/// not necessarily to the end (<c>port\.delete</c> matches <c>port.delete.end</c>, <c>delete\.end</c> does not).
/// Case-sensitive and culture-invariant; <c>$</c> without <c>(?m)</c> matches at the end or before a final <c>\n</c> in
/// both engines.
/// </summary>
/// <remarks>
/// Engine choice: <see cref="RegexOptions.NonBacktracking"/> whenever the pattern allows it. Only match existence is
/// used (never captures), and existence is engine-independent, so results equal Python's backtracking engine, while
/// matching time is linear in the input: no catastrophic backtracking from a config pattern and a hostile notification.
/// Patterns it cannot run (backreferences, lookarounds, atomic groups/possessive quantifiers, conditionals) fall back to
/// the backtracking engine with <see cref="RegexOptions.Compiled"/> and the configured match time-out.
/// Measured (bench/README.md, RegexEngineBenchmarks): on the upstream sample patterns and values NonBacktracking costs
/// roughly 2–3x a Compiled match, i.e. about 0.1 µs more per message for the two default patterns, against a
/// per-message path of several µs dominated by JSON parsing. That is the price of ruling out the whole class of
/// regex denial of service, so it is paid. The time-out is passed to both engines; on expiry <see cref="IsMatch"/>
/// throws <see cref="RegexMatchTimeoutException"/>, which <see cref="NotificationFilter"/> turns into
/// <see cref="FilterOutcome.TimedOut"/>.
/// </remarks>
public sealed class PythonRegex
{
    private readonly Regex _regex;

    private PythonRegex(string pattern, string dotnetPattern, Regex regex)
    {
        Pattern = pattern;
        DotnetPattern = dotnetPattern;
        _regex = regex;
    }

    /// <summary>The pattern as configured (Python syntax).</summary>
    public string Pattern { get; }

    /// <summary>The anchored .NET pattern actually run.</summary>
    public string DotnetPattern { get; }

    /// <summary>True when the linear-time engine runs the pattern (no time-out can occur in practice).</summary>
    public bool IsNonBacktracking => (_regex.Options & RegexOptions.NonBacktracking) != 0;

    /// <summary>The match time-out.</summary>
    public TimeSpan MatchTimeout => _regex.MatchTimeout;

    /// <summary>Compiles <paramref name="pattern"/> or fails the start-up.</summary>
    /// <param name="pattern">Python <c>re</c> syntax.</param>
    /// <param name="matchTimeout">Bound of one match (<c>[worker] regex_timeout_ms</c>).</param>
    /// <param name="option">The option name for the error, e.g. <c>[oslo_messaging_notifications] event_type</c>.</param>
    /// <exception cref="OsnlConfigurationException">The pattern is not valid Python <c>re</c> syntax we can run.</exception>
    public static PythonRegex Compile(string pattern, TimeSpan matchTimeout, string option)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        string dotnetPattern;
        try
        {
            dotnetPattern = $@"\A(?:{PythonRegexTranslator.Translate(pattern)})";
        }
        catch (PythonRegexSyntaxException e)
        {
            throw new OsnlConfigurationException(option, pattern, $"not a valid regular expression: {e.Message}");
        }

        try
        {
            Regex regex;
            try
            {
                regex = new Regex(dotnetPattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, matchTimeout);
            }
            catch (NotSupportedException)
            {
                regex = new Regex(dotnetPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, matchTimeout);
            }

            return new PythonRegex(pattern, dotnetPattern, regex);
        }
        catch (ArgumentException e)
        {
            // RegexParseException, and an out-of-range time-out (reported against the same option: the caller's bug).
            throw new OsnlConfigurationException(option, pattern, $"not a valid regular expression: {e.Message}");
        }
    }

    /// <summary><c>re.match(pattern, value) is not None</c>.</summary>
    /// <exception cref="RegexMatchTimeoutException">The match took longer than <see cref="MatchTimeout"/>.</exception>
    public bool IsMatch(ReadOnlySpan<char> value) => _regex.IsMatch(value);

    public override string ToString() => Pattern;
}
