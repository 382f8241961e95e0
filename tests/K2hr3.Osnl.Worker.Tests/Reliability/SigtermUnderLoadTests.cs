namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: SIGTERM reaches the worker process while ~500 messages are in flight behind a slow API. The stop ends within
/// the configured shutdown grace (what is unfinished then stays unacked), and a restarted worker delivers every message.
/// </summary>
public sealed class SigtermUnderLoadTests(RabbitMqBrokerFixture brokers) : MessagePathTests(brokers)
{
    private const int GraceSeconds = 5;
    private const int Concurrency = 16;

    /// <summary>
    /// After the grace: aborting the unfinished calls and closing channel and connection (each bounded by 5 s in the
    /// worker, normally milliseconds), then the process exits. The grace bounds the wait for work; this is the teardown.
    /// </summary>
    private static readonly TimeSpan TeardownAllowance = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task StopEndsWithinTheGraceAndARestartedWorkerDeliversEveryMessage()
    {
        var (broker, virtualHost, api, _) = await StartBrokerAndApiAsync();
        // Far slower than the grace: the calls under way when SIGTERM arrives cannot finish in time and must be abandoned,
        // even when a loaded machine sends SIGTERM seconds after the first calls began (at twice the grace, calls that
        // had been under way for 5 s finished right at the grace in 2 of 4 runs at load 30+). Abandoned calls cost nothing.
        api.FaultEveryRequest = ApiFault.Delay(TimeSpan.FromSeconds(GraceSeconds * 4));
        var messages = ReliabilityScale.Messages(500, floor: 100);
        var cuks = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid().ToString()).ToList();
        using var directory = new TempDirectory();

        // Prefetch = every message: all of them are delivered to (in flight at) the worker when SIGTERM arrives.
        var conf = directory.Write("k2hr3-osnl.conf", Conf(broker, virtualHost, api.RoleUri, prefetch: messages));

        var first = WorkerProcessHandle.Start(["-c", conf]);
        int inFlightAtStop;
        TimeSpan stopTime;
        await using (first)
        {
            await first.WaitForLineAsync("Starting: consuming k2hr3_osnl", TestConstants.ExtraLongTimeout);
            await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token))
            {
                var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());
                await amqp.PublishAllAsync("neutron", "notifications.info", cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk))), Token);
            }

            QueueCounts counts = default;
            await Eventually.WaitUntilAsync(
                async () => (counts = (await broker.ListQueuesAsync(virtualHost, Token))["k2hr3_osnl"]) is { Ready: 0 } && api.DeleteRequests.Count > 0,
                TestConstants.ExtraLongTimeout,
                "every message delivered to the worker and the first calls under way",
                TimeSpan.FromMilliseconds(200));
            inFlightAtStop = counts.Unacknowledged;

            var stopwatch = Stopwatch.StartNew();
            first.SendSigTerm();
            Assert.Equal(0, await first.WaitForExitAsync(TestConstants.ExtraLongTimeout));
            stopTime = stopwatch.Elapsed;
            Assert.True(first.HasLine("Shutdown grace exceeded"), string.Join('\n', first.Lines.TakeLast(20)));
        }

        Assert.True(inFlightAtStop >= messages * 0.8, $"only {inFlightAtStop} of {messages} messages were in flight at SIGTERM");
        Assert.True(
            stopTime <= TimeSpan.FromSeconds(GraceSeconds) + TeardownAllowance,
            $"stopping took {stopTime.TotalSeconds:0.00} s with shutdown_grace_seconds = {GraceSeconds}");
        var unfinished = (await broker.ListQueuesAsync(virtualHost, Token))["k2hr3_osnl"];
        Assert.Equal(0, unfinished.Unacknowledged);
        Assert.InRange(unfinished.Ready, messages - Concurrency, messages); // at most the first round of calls could finish

        api.FaultEveryRequest = null;
        await using var second = WorkerProcessHandle.Start(["-c", conf]);
        await Eventually.WaitUntilAsync(
            () => DeletedCuks(api).Count == messages,
            TestConstants.ExtraLongTimeout,
            $"a 204 for each of the {messages} messages after the restart",
            TimeSpan.FromMilliseconds(250));
        Assert.Equal(cuks.ToHashSet(), DeletedCuks(api));
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.ExtraLongTimeout);
        second.SendSigTerm();
        Assert.Equal(0, await second.WaitForExitAsync(TestConstants.ExtraLongTimeout));
        TestContext.Current.SendDiagnosticMessage(
            $"{inFlightAtStop} in flight at SIGTERM, stopped in {stopTime.TotalSeconds:0.00} s (grace {GraceSeconds} s), {unfinished.Ready} left for the restart, {api.DeleteRequests.Count} DELETEs in all");
    }

    private static HashSet<string> DeletedCuks(K2hr3ApiDouble api)
        => api.DeleteRequests.Where(request => request.ResponseStatus == 204).Select(request => request.Query["cuk"]).ToHashSet();

    private static string Conf(RabbitMqBroker broker, string virtualHost, Uri apiUrl, int prefetch) => OsnlConf.Neutron(
        OsnlConf.TransportUrl(broker, virtualHost, query: $"?rabbit_qos_prefetch_count={prefetch.ToString(CultureInfo.InvariantCulture)}"),
        apiUrl,
        timeoutSeconds: 30,
        worker: $"concurrency = {Concurrency.ToString(CultureInfo.InvariantCulture)}\nshutdown_grace_seconds = {GraceSeconds.ToString(CultureInfo.InvariantCulture)}");
}
