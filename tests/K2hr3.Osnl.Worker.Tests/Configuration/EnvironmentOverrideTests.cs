namespace K2hr3.Tests.Configuration;

/// <summary>oslo.config's <c>OS_&lt;GROUP&gt;__&lt;OPT&gt;</c> environment overrides (osnl-compatibility.md §3.3).</summary>
public class EnvironmentOverrideTests
{
    private static SettingsHarness WithEnvironment(string? ini, params (string Name, string Value)[] variables)
    {
        var harness = new SettingsHarness { Ini = ini };
        foreach (var (name, value) in variables)
        {
            harness.Environment[name] = value;
        }

        return harness;
    }

    [Fact]
    public void EnvironmentWinsOverTheFileForEveryGroup()
    {
        using var harness = WithEnvironment(
            "[DEFAULT]\ndebug_level = error\n[oslo_messaging_notifications]\ntopic = file\n[k2hr3]\napi_url = http://file/v1/role\nrequeue_on_error = no\n[worker]\nconcurrency = 2\n",
            ("OS_DEFAULT__DEBUG_LEVEL", "debug"),
            ("OS_OSLO_MESSAGING_NOTIFICATIONS__TOPIC", "env"),
            ("OS_K2HR3__API_URL", "http://env/v1/role"),
            ("OS_K2HR3__REQUEUE_ON_ERROR", "yes"),
            ("OS_WORKER__CONCURRENCY", "9"));
        var settings = harness.Load();

        Assert.Equal(LogLevel.Debug, settings.Logging.Level);
        Assert.Equal("env", settings.Sources[0].Topic);
        Assert.Equal(new Uri("http://env/v1/role"), settings.Api.ApiUrl);
        Assert.True(settings.Api.RequeueOnError);
        Assert.Equal(9, settings.Processing.Concurrency);
    }

    [Fact]
    public void EnvironmentWorksOverAnEmptyFile()
    {
        using var harness = WithEnvironment(string.Empty, ("OS_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL", "rabbit://u:p@envhost:5673/"));
        Assert.Equal("envhost", harness.Load().Broker.Endpoints[0].Host);
    }

    // Upstream needs its file whatever the OS_ variables say; only .NET configuration (Aspire) stands in for it.
    [Fact]
    public void EnvironmentAloneDoesNotReplaceTheFile()
    {
        using var harness = WithEnvironment(null, ("OS_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL", "rabbit://u:p@envhost:5673/"));
        Assert.StartsWith($"config file {harness.DefaultConfigFilePath} not found", harness.LoadFails().Message);
    }

    [Fact]
    public void VariableNamesAreUpperCaseOnly()
    {
        using var harness = WithEnvironment(string.Empty, ("os_k2hr3__timeout_seconds", "x"), ("OS_k2hr3__timeout_seconds", "x"));
        Assert.Equal(TimeSpan.FromSeconds(30), harness.Load().Api.Timeout);
    }

    [Fact]
    public void EnvironmentValuesAreNotStripped()
    {
        using var harness = WithEnvironment(string.Empty, ("OS_K2HR3__REQUEUE_ON_ERROR", " yes"));
        var error = harness.LoadFails();
        Assert.Equal(("OS_K2HR3__REQUEUE_ON_ERROR", " yes", "Unexpected boolean value ' yes'"), (error.Option, error.Value, error.Reason));
    }

    [Theory]
    [InlineData("OS_K2HR3__TIMEOUT_SECONDS", "1.5", "invalid literal for int() with base 10: '1.5'")]
    [InlineData("OS_DEFAULT__DEBUG_LEVEL", "verbose", "Valid values are")]
    [InlineData("OS_OSLO_MESSAGING_NOTIFICATIONS__PAYLOAD", "a:1,a:2", "Duplicate key a")]
    [InlineData("OS_WORKER__MAX_REDELIVERIES", "-1", "Should be greater than or equal to 0")]
    [InlineData("OS_K2HR3__API_URL", "ftp://x/v1/role", "the scheme must be http or https, not ftp")]
    public void AnInvalidEnvironmentValueNamesTheVariable(string name, string value, string reason)
    {
        using var harness = WithEnvironment("[k2hr3]\n", (name, value));
        var error = harness.LoadFails();
        Assert.Equal((name, value), (error.Option, error.Value));
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void ATransportUrlPasswordInTheEnvironmentIsRedacted()
    {
        using var harness = WithEnvironment(string.Empty, ("OS_OSLO_MESSAGING_NOTIFICATIONS__TRANSPORT_URL", "rabbit://u:hunter2@h:bad/"));
        var error = harness.LoadFails();
        Assert.Equal("rabbit://u:***@h:bad/", error.Value);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void TheRetriesAliasWorksInTheEnvironmentButLosesToMaxRetriesInTheFile()
    {
        using var onlyAlias = WithEnvironment(string.Empty, ("OS_K2HR3__RETRIES", "2"));
        Assert.Equal(2, onlyAlias.Load().Api.MaxRetries);

        // Like oslo's deprecated names: precedence is by source first, so the environment alias beats the file.
        using var aliasAboveFile = WithEnvironment("[k2hr3]\nmax_retries = 9\n", ("OS_K2HR3__RETRIES", "2"));
        var settings = aliasAboveFile.Load();
        Assert.Equal(2, settings.Api.MaxRetries);
        Assert.Equal("OS_K2HR3__RETRIES is a deprecated alias of max_retries; rename it", Assert.Single(settings.Warnings));
    }
}
