using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;

namespace K2hr3.Bench;

/// <summary>
/// Why <see cref="K2hr3.Osnl.Worker.Notifications.PythonRegex"/> prefers <see cref="RegexOptions.NonBacktracking"/>:
/// the cost of one <c>re.match</c> of the upstream sample patterns with each engine.
/// </summary>
[MemoryDiagnoser]
public class RegexEngineBenchmarks
{
    private Regex _regex = null!;

    [Params("NonBacktracking", "Compiled", "Interpreted")]
    public string Engine { get; set; } = "NonBacktracking";

    [Params(@"^port\.delete\.end$", @"^network.*$")]
    public string Pattern { get; set; } = @"^network.*$";

    [GlobalSetup]
    public void Setup()
    {
        var options = RegexOptions.CultureInvariant | Engine switch
        {
            "NonBacktracking" => RegexOptions.NonBacktracking,
            "Compiled" => RegexOptions.Compiled,
            _ => RegexOptions.None,
        };
        _regex = new Regex($@"\A(?:{Pattern})", options, TimeSpan.FromMilliseconds(100));
    }

    [Benchmark]
    public bool MatchEventType() => _regex.IsMatch("port.delete.end");

    [Benchmark]
    public bool MatchPublisherId() => _regex.IsMatch("network.node1.example.com");
}
