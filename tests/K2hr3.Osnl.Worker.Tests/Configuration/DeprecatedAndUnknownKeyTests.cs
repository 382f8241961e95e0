namespace K2hr3.Tests.Configuration;

/// <summary>The <c>retries</c> alias and warnings for keys that do nothing (osnl-compatibility.md §9 #4).</summary>
public class DeprecatedAndUnknownKeyTests
{
    [Fact]
    public void RetriesIsADeprecatedAliasOfMaxRetries()
    {
        var settings = SettingsHarness.LoadIni("[k2hr3]\nretries = 3\n");
        Assert.Equal(3, settings.Api.MaxRetries);
        Assert.Equal("[k2hr3] retries is a deprecated alias of max_retries; rename it", Assert.Single(settings.Warnings));
    }

    [Fact]
    public void MaxRetriesWinsOverRetries()
    {
        var settings = SettingsHarness.LoadIni("[k2hr3]\nmax_retries = 7\nretries = 3\n");
        Assert.Equal(7, settings.Api.MaxRetries);
        Assert.Equal("[k2hr3] retries is ignored: it is a deprecated alias of max_retries, which is set in [k2hr3] max_retries",
            Assert.Single(settings.Warnings));
    }

    [Fact]
    public void AnInvalidRetriesNamesTheAlias()
    {
        var error = SettingsHarness.LoadIniFails("[k2hr3]\nretries = three\n");
        Assert.Equal(("[k2hr3] retries", "three"), (error.Option, error.Value));
    }

    [Fact]
    public void KeysThatDoNothingAreReportedAsWarnings()
    {
        using var harness = new SettingsHarness
        {
            Ini = "[k2hr3]\nAPI_URL = http://x/\n[default]\ndebug_level = debug\n[oslo_messaging_rabbit]\namqp_durable_queues = true\n[unrelated]\nx = 1\n",
        };
        var warnings = harness.Load().Warnings;
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, warning => warning.StartsWith("[k2hr3] API_URL in ", StringComparison.Ordinal) && warning.Contains("case-sensitive"));
        Assert.Contains(warnings, warning => warning.StartsWith("[default] in ", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.StartsWith("[oslo_messaging_rabbit] in ", StringComparison.Ordinal) && warning.Contains("query"));
    }
}
