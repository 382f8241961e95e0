namespace K2hr3.Tests.Configuration;

/// <summary>The INI file, option types, defaults and start-up validation (osnl-compatibility.md §3.5, §9 #4 #5 #8 #9 #16).</summary>
public class OsnlSettingsLoaderTests
{
    [Fact]
    public void AnEmptyFileGivesTheCodeDefaults()
    {
        var settings = SettingsHarness.LoadIni(string.Empty);

        Assert.Equal(new LoggingSettings(LogLevel.Information, LogLevel.Warning, null), settings.Logging);
        Assert.Equal([new BrokerEndpoint("127.0.0.1", 5672, "guest", "guest")], settings.Broker.Endpoints);
        var source = Assert.Single(settings.Sources);
        Assert.Equal(("neutron", "notifications", "k2hr3_osnl", true), (source.Exchange, source.Topic, source.Pool, source.AllowRequeue));
        Assert.Equal(new FilterSettings("^network.*$", @"^port\.delete\.end$", null, null, null), source.Filter);
        Assert.Equal(new Uri("https://localhost/v1/role"), settings.Api.ApiUrl); // upstream's "https//..." fixed (osnl-compatibility.md §9 #5)
        Assert.Equal(new ApiSettings { ApiUrl = settings.Api.ApiUrl }, settings.Api);
        Assert.Equal(new ProcessingSettings(), settings.Processing);
        Assert.Empty(settings.Warnings);
    }

    // Issue 12: upstream exits 1 without its file; running on defaults would consume from guest@127.0.0.1.
    [Fact]
    public void NoFileAndNoDotNetConfigurationIsAnErrorNamingThePath()
    {
        using var harness = new SettingsHarness();
        Assert.Equal(
            $"config file {harness.DefaultConfigFilePath} not found: give one with -c, or configure the listener through .NET configuration "
            + "(ConnectionStrings:rabbitmq, K2hr3:Api:Url, Osnl:*)",
            harness.LoadFails().Message);
    }

    [Theory]
    [InlineData("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:5672")]
    [InlineData("K2hr3:Api:Url", "http://127.0.0.1:18080")]
    [InlineData("services:k2hr3-api:http:0", "http://127.0.0.1:18080")]
    [InlineData("Osnl:Sources:nova:exchange", "nova")]
    [InlineData("Osnl:k2hr3:requeue_on_error", "true")]
    public void DotNetConfigurationStandsInForAnAbsentDefaultFile(string key, string value)
    {
        using var harness = new SettingsHarness { Configuration = { [key] = value } };
        var settings = harness.Load();
        Assert.Null(settings.ConfigFile);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains(harness.DefaultConfigFilePath, warning);
        Assert.Contains("not found", warning);
    }

    [Fact]
    public void AnExplicitMissingFileIsAnError()
    {
        using var harness = new SettingsHarness { Overrides = new(ConfigFile: "/nonexistent/k2hr3-osnl.conf") };
        Assert.Equal("config file /nonexistent/k2hr3-osnl.conf not found", harness.LoadFails().Message);
    }

    [Fact]
    public void ADirectoryIsNotAConfigFile()
    {
        using var directory = new TempDirectory();
        using var harness = new SettingsHarness { Overrides = new(ConfigFile: directory.Path) };
        Assert.Equal($"config file {directory.Path} is a directory", harness.LoadFails().Message);
    }

    [Fact]
    public void ADefaultPathThatIsADirectoryIsAnErrorToo()
    {
        using var harness = new SettingsHarness();
        Directory.CreateDirectory(harness.DefaultConfigFilePath);
        Assert.EndsWith("is a directory", harness.LoadFails().Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AnUnreadableFileIsAnError()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("locked.conf", "[k2hr3]\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        if (CanRead(path))
        {
            Assert.Skip("running as root: file permissions do not stop reads");
        }

        using var harness = new SettingsHarness { Overrides = new(ConfigFile: path) };
        Assert.StartsWith($"config file {path} cannot be read: ", harness.LoadFails().Message);
    }

    [Fact]
    public void AReadFailureIsAnErrorEvenForRoot()
    {
        // Reading /proc/self/mem at offset 0 fails with EIO for every user: an I/O error on an existing file.
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("needs Linux /proc");
        }

        using var harness = new SettingsHarness { Overrides = new(ConfigFile: "/proc/self/mem") };
        Assert.StartsWith("config file /proc/self/mem cannot be read: ", harness.LoadFails().Message);
    }

    [Fact]
    public void ASyntaxErrorIsReportedWithFileAndLine()
    {
        using var harness = new SettingsHarness { Ini = "[k2hr3]\napi_url = x\n[broken\n" };
        var error = harness.LoadFails();
        Assert.Equal(
            $"parse error, Failed to parse {harness.ConfigFilePath}: at {harness.ConfigFilePath}:3, Invalid section (must end with ]): '[broken'",
            error.Message);
    }

    [Theory]
    [InlineData("[k2hr3]\ntimeout_seconds = 1.5", "[k2hr3] timeout_seconds", "1.5", "invalid literal for int() with base 10: '1.5'")]
    [InlineData("[k2hr3]\ntimeout_seconds = 5 ; c", "[k2hr3] timeout_seconds", "5 ; c", "invalid literal for int() with base 10: '5 ; c'")]
    [InlineData("[k2hr3]\nallow_self_signed_cert = maybe", "[k2hr3] allow_self_signed_cert", "maybe", "Unexpected boolean value 'maybe'")]
    [InlineData("[k2hr3]\nrequeue_on_error =", "[k2hr3] requeue_on_error", "", "Unexpected boolean value ''")]
    [InlineData("[k2hr3]\napi_url = https//localhost/v1/role", "[k2hr3] api_url", "https//localhost/v1/role", "not an absolute URL")]
    [InlineData("[DEFAULT]\ndebug_level = verbose", "[DEFAULT] debug_level", "verbose", "Valid values are [debug, info, warn, warning, error, critical, notset], but found 'verbose'")]
    [InlineData("[DEFAULT]\ndebug_level = INFO", "[DEFAULT] debug_level", "INFO", "Valid values are")]
    [InlineData("[DEFAULT]\nlibs_debug_level = notset", "[DEFAULT] libs_debug_level", "notset", "Valid values are [debug, info, warn, warning, error, critical], but found 'notset'")]
    [InlineData("[oslo_messaging_notifications]\nallow_requeue = 2", "[oslo_messaging_notifications] allow_requeue", "2", "Unexpected boolean value '2'")]
    [InlineData("[oslo_messaging_notifications]\ncontext = roles:(admin,member)", "[oslo_messaging_notifications] context", "roles:(admin,member)", "Value should be NAME:VALUE pairs separated by \",\"")]
    [InlineData("[oslo_messaging_notifications]\nmetadata = a:1,a:2", "[oslo_messaging_notifications] metadata", "a:1,a:2", "Duplicate key a")]
    [InlineData("[oslo_messaging_notifications]\npayload = :1", "[oslo_messaging_notifications] payload", ":1", "Key name should not be empty")]
    [InlineData("[oslo_messaging_notifications]\nexecutor = blocking", "[oslo_messaging_notifications] executor", "blocking", "Executor should be None or 'eventlet' and 'threading'")]
    [InlineData("[oslo_messaging_notifications]\ntopic =", "[oslo_messaging_notifications] topic", "", "must not be empty")]
    [InlineData("[oslo_messaging_notifications]\ntransport_url = rabbit://h/?bogus_opt=1", "[oslo_messaging_notifications] transport_url", "rabbit://h/?bogus_opt=1", "unknown transport_url option 'bogus_opt'")]
    [InlineData("[worker]\nconcurrency = 0", "[worker] concurrency", "0", "Should be greater than or equal to 1")]
    [InlineData("[worker]\nredelivery_delay_seconds = x", "[worker] redelivery_delay_seconds", "x", "invalid literal for int()")]
    [InlineData("[worker]\nmax_redeliveries = -1", "[worker] max_redeliveries", "-1", "Should be greater than or equal to 0")]
    [InlineData("[worker]\nshutdown_grace_seconds = -1", "[worker] shutdown_grace_seconds", "-1", "Should be greater than or equal to 0")]
    [InlineData("[worker]\nregex_timeout_ms = 0", "[worker] regex_timeout_ms", "0", "Should be greater than or equal to 1")]
    [InlineData("[worker]\nretry_server_errors = si", "[worker] retry_server_errors", "si", "Unexpected boolean value 'si'")]
    [InlineData("[worker]\nretry_suffix =", "[worker] retry_suffix", "", "must not be empty")]
    [InlineData("[worker]\ndead_letter_suffix = .retry", "[worker] dead_letter_suffix", ".retry", "must differ from retry_suffix")]
    public void AnInvalidValueFailsStartUpNamingOptionValueAndReason(string ini, string option, string value, string reason)
    {
        var error = SettingsHarness.LoadIniFails(ini + "\n");
        Assert.Equal(option, error.Option);
        Assert.Equal(value, error.Value);
        Assert.StartsWith(reason, error.Reason);
        Assert.Equal($"invalid value for {option}: '{value}': {error.Reason}", error.Message);
    }

    // Issue 12: every integer oslo's IntOpt accepts starts the listener; nonsense is replaced and said once.
    [Theory]
    [InlineData("max_retries = -3", "max_retries", 0, "[k2hr3] max_retries = '-3' is less than 0; using 0")]
    [InlineData("max_retries = 99999999999999999999", "max_retries", int.MaxValue, "[k2hr3] max_retries = '99999999999999999999' is more than 2147483647; using 2147483647")]
    [InlineData("retries = -1", "max_retries", 0, "[k2hr3] retries = '-1' is less than 0; using 0")]
    [InlineData("timeout_seconds = 0", "timeout_seconds", 30, "[k2hr3] timeout_seconds = '0' is less than 1; using 30")]
    [InlineData("timeout_seconds = -5", "timeout_seconds", 30, "[k2hr3] timeout_seconds = '-5' is less than 1; using 30")]
    [InlineData("timeout_seconds = 2147484", "timeout_seconds", 2147483, "[k2hr3] timeout_seconds = '2147484' is more than 2147483; using 2147483")]
    [InlineData("timeout_seconds =", "timeout_seconds", 30, "[k2hr3] timeout_seconds is empty (oslo reads that as unset); using the default 30")]
    [InlineData("retry_interval_seconds = -1", "retry_interval_seconds", 0, "[k2hr3] retry_interval_seconds = '-1' is less than 0; using 0")]
    [InlineData("max_retries =   ", "max_retries", 5, "[k2hr3] max_retries is empty (oslo reads that as unset); using the default 5")]
    public void AnIntegerUpstreamAcceptsStartsWithAWarningWhereItIsReplaced(string line, string option, int effective, string warning)
    {
        var settings = SettingsHarness.LoadIni($"[k2hr3]\n{line}\n");
        var value = option switch
        {
            "max_retries" => settings.Api.MaxRetries,
            "timeout_seconds" => (int)settings.Api.Timeout.TotalSeconds,
            _ => (int)settings.Api.RetryInterval.TotalSeconds,
        };
        Assert.Equal(effective, value);
        Assert.Contains(warning, settings.Warnings);
    }

    [Theory]
    [InlineData(" +7 ", 7)]
    [InlineData("08", 8)]
    [InlineData("-0", 0)]
    [InlineData("1_0", 10)]
    public void IntegerSpellingsUpstreamAcceptsAreReadWithoutAWarning(string text, int expected)
    {
        var settings = SettingsHarness.LoadIni($"[k2hr3]\nmax_retries = {text}\ntimeout_seconds = {text}\n");
        Assert.Equal(expected, settings.Api.MaxRetries);
        Assert.DoesNotContain(settings.Warnings, warning => warning.Contains("max_retries", StringComparison.Ordinal));
    }

    [Fact]
    public void OurOwnIntegerOptionsStayStrict()
        => Assert.StartsWith("Should be greater than or equal to 0", SettingsHarness.LoadIniFails("[worker]\nmax_redeliveries = -1\n").Reason);

    [Fact]
    public void AMultiLineValueIsShownOnOneLine()
    {
        var error = SettingsHarness.LoadIniFails("[k2hr3]\ntimeout_seconds = 1\n  2\n");
        Assert.Equal(@"1\n2", error.Value);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ValuesReadFromTheFileAreUsed()
    {
        var settings = SettingsHarness.LoadIni("""
            [DEFAULT]
            debug_level = debug
            libs_debug_level = error
            [oslo_messaging_notifications]
            event_type = ^compute\.instance\.delete\.end$
            publisher_id = ^compute.*$
            context = tenant_id:^abc$
            metadata = message_id:.+
            payload = instance_id:.+, state:deleted
            transport_url = rabbit://osnl:s3cret@rabbit1:5673,osnl:s3cret@rabbit2:5673/openstack?amqp_durable_queues=true
            topic = versioned_notifications
            exchange = nova
            executor = eventlet
            pool = k2hr3_nova
            allow_requeue = False
            [k2hr3]
            api_url = http://k2hr3-api.example.com:18080/v1/role
            timeout_seconds = 08
            max_retries = 0
            retry_interval_seconds = 2
            allow_self_signed_cert = yes
            requeue_on_error = ON
            [worker]
            concurrency = 4
            redelivery_delay_seconds = 0
            max_redeliveries = 3
            shutdown_grace_seconds = 5
            regex_timeout_ms = 250
            retry_server_errors = true
            retry_suffix = .later
            dead_letter_suffix = .parked
            """);

        Assert.Equal(new LoggingSettings(LogLevel.Debug, LogLevel.Error, null), settings.Logging);
        Assert.Equal(2, settings.Broker.Endpoints.Count);
        Assert.Equal(("rabbit2", 5673, "osnl", "s3cret"), (settings.Broker.Endpoints[1].Host, settings.Broker.Endpoints[1].Port,
            settings.Broker.Endpoints[1].UserName, settings.Broker.Endpoints[1].Password));
        Assert.Equal("openstack", settings.Broker.VirtualHost);
        Assert.True(settings.Broker.Durable);

        var source = Assert.Single(settings.Sources);
        Assert.Equal(("nova", "versioned_notifications", "k2hr3_nova", false), (source.Exchange, source.Topic, source.Pool, source.AllowRequeue));
        Assert.Equal(@"^compute\.instance\.delete\.end$", source.Filter.EventType);
        Assert.Equal("^compute.*$", source.Filter.PublisherId);
        Assert.Equal(new Dictionary<string, string> { ["tenant_id"] = "^abc$" }, source.Filter.Context);
        Assert.Equal(new Dictionary<string, string> { ["message_id"] = ".+" }, source.Filter.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["instance_id"] = ".+", ["state"] = "deleted" }, source.Filter.Payload);

        Assert.Equal(new ApiSettings
        {
            ApiUrl = new Uri("http://k2hr3-api.example.com:18080/v1/role"),
            Timeout = TimeSpan.FromSeconds(8),
            MaxRetries = 0,
            RetryInterval = TimeSpan.FromSeconds(2),
            AllowSelfSignedCert = true,
            RequeueOnError = true,
            RetryServerErrors = true,
        }, settings.Api);
        Assert.Equal(new ProcessingSettings
        {
            Concurrency = 4,
            RedeliveryDelay = TimeSpan.Zero,
            MaxRedeliveries = 3,
            ShutdownGrace = TimeSpan.FromSeconds(5),
            RegexMatchTimeout = TimeSpan.FromMilliseconds(250),
            RetryQueueSuffix = ".later",
            DeadLetterQueueSuffix = ".parked",
        }, settings.Processing);
        Assert.Empty(settings.Warnings);
    }

    [Theory]
    [InlineData("threading")]
    [InlineData("eventlet")]
    [InlineData("")]
    public void TheUpstreamExecutorsAreAcceptedAndIgnored(string executor)
        => Assert.Single(SettingsHarness.LoadIni($"[oslo_messaging_notifications]\nexecutor = {executor}\n").Sources);

    [Fact]
    public void AnEmptyExchangeIsOslosControlExchange()
        => Assert.Equal("openstack", SettingsHarness.LoadIni("[oslo_messaging_notifications]\nexchange =\n").Sources[0].Exchange);

    [Fact]
    public void AnEmptyPoolConsumesTheTopicsInfoQueue()
    {
        var source = SettingsHarness.LoadIni("[oslo_messaging_notifications]\npool =\ntopic = versioned_notifications\n").Sources[0];
        Assert.Equal("versioned_notifications.info", source.QueueName);
    }

    [Fact]
    public void AnEmptyDictionaryMeansNoConstraint()
        => Assert.Null(SettingsHarness.LoadIni("[oslo_messaging_notifications]\npayload =\n").Sources[0].Filter.Payload);

    [Fact]
    public void AnInvalidFilterPatternNamesTheOptionAndKey()
    {
        // The filter is compiled when the host is built (OsnlHost.Build); the error names the option and the key.
        var filter = SettingsHarness.LoadIni("[oslo_messaging_notifications]\npayload = instance_id:(unclosed\n").Sources[0].Filter;
        var error = Assert.Throws<OsnlConfigurationException>(() => NotificationFilter.Create(filter, TimeSpan.FromSeconds(1)));
        Assert.Equal("[oslo_messaging_notifications] payload (key 'instance_id')", error.Option);
        Assert.StartsWith("not a valid regular expression", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFilterPatternReachesTheFilter()
    {
        var filter = SettingsHarness.LoadIni("[oslo_messaging_notifications]\ncontext = a:1\nmetadata = b:2\npayload = c:3\n").Sources[0].Filter;
        Assert.Equal(
            ["^network.*$", @"^port\.delete\.end$", "1", "2", "3"],
            [filter.PublisherId!, filter.EventType!, filter.Context!["a"], filter.Metadata!["b"], filter.Payload!["c"]]);
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
