namespace K2hr3.Tests.Hosting;

/// <summary>
/// The built program as operators run it: <c>dotnet k2hr3-osnl.dll -c k2hr3-osnl.conf</c> with an upstream-style
/// config file, a notification in, the DELETE out, then SIGTERM (what systemd sends) → graceful stop, exit 0.
/// </summary>
public sealed class WorkerProcessEndToEndTests(RabbitMqBrokerFixture brokers)
{
    [Theory]
    [InlineData("exchange")]
    [InlineData("queue")]
    public async Task ExistingDurableTopologyMakesTheProcessExit1WithTheBrokersTextAndTheHint(string existing)
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var openstack = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
        {
            // What OpenStack with amqp_durable_queues=true declared before the listener came.
            if (existing == "exchange")
            {
                await openstack.Channel.ExchangeDeclareAsync("neutron", "topic", durable: true, autoDelete: false, cancellationToken: cancellationToken);
            }
            else
            {
                await openstack.Channel.QueueDeclareAsync("k2hr3_osnl", durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            }
        }

        using var directory = new TempDirectory();
        var conf = directory.Write(
            "k2hr3-osnl.conf",
            $"""
            [oslo_messaging_notifications]
            transport_url = {OsnlConf.TransportUrl(broker, virtualHost)}

            [k2hr3]
            api_url = http://127.0.0.1:9/v1/role
            """);
        await using var worker = WorkerProcessHandle.Start(["-c", conf]);

        Assert.Equal(1, await worker.WaitForExitAsync(TestConstants.LongTimeout));
        var output = string.Join('\n', worker.Lines);
        var refusal = Assert.Single(worker.Lines, line => line.Contains("PRECONDITION_FAILED", StringComparison.Ordinal));
        Assert.Contains($"inequivalent arg 'durable' for {existing} '{(existing == "exchange" ? "neutron" : "k2hr3_osnl")}'", refusal, StringComparison.Ordinal);
        Assert.Contains("amqp_durable_queues", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Reconnecting to the broker", output, StringComparison.Ordinal);
    }

    // Issue 12: a config file upstream runs must run: oslo IntOpt spellings and values we replace with a warning.
    [Fact]
    public async Task ConfFileWithEveryIntegerSpellingUpstreamAcceptsStartsAndDeletes()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        using var directory = new TempDirectory();
        var conf = directory.Write(
            "k2hr3-osnl.conf",
            $"""
            [oslo_messaging_notifications]
            transport_url = {OsnlConf.TransportUrl(broker, virtualHost, query: "?rabbit_qos_prefetch_count=-1")}

            [k2hr3]
            api_url = {api.RoleUri}
            timeout_seconds =  +08
            max_retries = -3
            retry_interval_seconds = 007
            """);
        await using var worker = WorkerProcessHandle.Start(["-c", conf]);

        await worker.WaitForLineAsync("Starting: consuming k2hr3_osnl", TestConstants.LongTimeout);
        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
        {
            await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));
        }

        Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.LongTimeout));
        Assert.True(worker.HasLine("[k2hr3] max_retries = '-3' is less than 0; using 0"), string.Join('\n', worker.Lines));
        Assert.True(worker.HasLine("transport_url option rabbit_qos_prefetch_count=-1 is outside 0..65535; using 0"), string.Join('\n', worker.Lines));
        Assert.DoesNotContain(worker.Lines, line => line.Contains("timeout_seconds", StringComparison.Ordinal) || line.Contains("retry_interval_seconds", StringComparison.Ordinal));
        worker.SendSigTerm();
        Assert.Equal(0, await worker.WaitForExitAsync(TestConstants.LongTimeout));
    }

    // Issue 12: without a config file only .NET configuration (what Aspire injects) may configure the listener.
    [Fact]
    public async Task AspireStyleConfigurationWithoutAConfigFileConsumesAndDeletes()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        await using var worker = WorkerProcessHandle.Start([], new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = $"amqp://guest:guest@127.0.0.1:{broker.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(virtualHost)}",
            ["K2hr3__Api__Url"] = api.RoleUri.AbsoluteUri,
        });

        await worker.WaitForLineAsync("Starting: consuming k2hr3_osnl", TestConstants.LongTimeout);
        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
        {
            await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));
        }

        Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.LongTimeout));

        // stderr carries upstream's line format with Python's level names too.
        Assert.Contains(worker.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO K2hr3\.Osnl\.Worker\.Amqp\.BrokerConsumerService:110 Starting: consuming k2hr3_osnl on "));
        Assert.Contains(worker.Lines, line => line.Contains(" WARNING K2hr3.Osnl.Worker.Hosting.OsnlHost:2 Configuration: ", StringComparison.Ordinal));
        if (!File.Exists("/etc/k2hr3/k2hr3_osnl.conf"))
        {
            Assert.True(worker.HasLine("configuration file /etc/k2hr3/k2hr3_osnl.conf not found; using defaults and .NET configuration"), string.Join('\n', worker.Lines));
        }

        worker.SendSigTerm();
        Assert.Equal(0, await worker.WaitForExitAsync(TestConstants.LongTimeout));
    }

    // Issue 12: -f PATH writes PATH itself (log shipping watches it), in upstream's format, without a BOM.
    [Fact]
    public async Task LogFileFlagWritesExactlyThatFileInUpstreamsFormat()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        using var directory = new TempDirectory();
        var conf = directory.Write("k2hr3-osnl.conf", OsnlConf.Neutron(OsnlConf.TransportUrl(broker, virtualHost), api.RoleUri));
        var logs = Directory.CreateDirectory(directory.Combine("logs")).FullName;
        var log = Path.Combine(logs, "k2hr3-osnl.log");
        await using var worker = WorkerProcessHandle.Start(["-c", conf, "-f", log]);

        await Eventually.WaitUntilAsync(
            () => File.Exists(log) && ReadShared(log).Contains("Starting: consuming k2hr3_osnl", StringComparison.Ordinal) || worker.HasExited,
            TestConstants.LongTimeout,
            "the Starting line in the log file");
        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
        {
            await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));
        }

        await Eventually.WaitUntilAsync(() => ReadShared(log).Contains("Deleted 12345678-1234-5678-1234-567812345678", StringComparison.Ordinal), TestConstants.LongTimeout, "the Deleted line in the log file");
        worker.SendSigTerm();
        Assert.Equal(0, await worker.WaitForExitAsync(TestConstants.LongTimeout));

        Assert.Equal([log], Directory.GetFiles(logs));
        Assert.False((await File.ReadAllBytesAsync(log, cancellationToken)).AsSpan().StartsWith("\uFEFF"u8), "the log file starts with a BOM");
        var text = ReadShared(log);
        Assert.Matches(@"(?m)^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO K2hr3\.Osnl\.Worker\.Processing\.DeliveryProcessor:400 Deleted 12345678-1234-5678-1234-567812345678 ", text);
        Assert.Matches(@"(?m)^\S+ \S+ INFO K2hr3\.Osnl\.Worker\.Amqp\.BrokerConsumerService:117 Stopped$", text);
        Assert.DoesNotContain(worker.Lines, line => line.Contains("Deleted", StringComparison.Ordinal)); // nothing on stderr
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task ConfFileDrivenProcessDeletesAndStopsGracefullyOnSigterm()
    {
        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        var directory = Directory.CreateTempSubdirectory("k2hr3-osnl-e2e-");
        try
        {
            var conf = Path.Combine(directory.FullName, "k2hr3-osnl.conf");
            await File.WriteAllTextAsync(conf, OsnlConf.Neutron(OsnlConf.TransportUrl(broker, virtualHost), api.RoleUri), cancellationToken);
            await using var worker = WorkerProcessHandle.Start(["-c", conf]);

            await worker.WaitForLineAsync("Starting: consuming k2hr3_osnl", TestConstants.LongTimeout);
            await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken))
            {
                await amqp.PublishAsync("neutron", "notifications", OsloPublisher.Sample("notifications_neutron.json"));
            }

            var delete = Assert.Single(await api.WaitForRequestsAsync(1, TestConstants.LongTimeout));
            Assert.Equal("12345678-1234-5678-1234-567812345678", delete.Query["cuk"]);
            await worker.WaitForLineAsync("Deleted 12345678-1234-5678-1234-567812345678", TestConstants.LongTimeout);

            worker.SendSigTerm();

            Assert.Equal(0, await worker.WaitForExitAsync(TestConstants.LongTimeout));
            Assert.True(worker.HasLine("Stopping: cancelled the consumers"), string.Join('\n', worker.Lines));
            Assert.True(worker.HasLine("Stopped"), string.Join('\n', worker.Lines));
            Assert.DoesNotContain(worker.Lines, line => line.Contains("auth_token_string", StringComparison.Ordinal));
            await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.LongTimeout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
