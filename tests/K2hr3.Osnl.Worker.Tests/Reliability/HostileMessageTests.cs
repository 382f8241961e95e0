using System.Security.Cryptography;

namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: the <see cref="HostileMessageCorpus"/> mixed with valid notifications on one queue. The worker keeps going,
/// every valid message is deleted, every hostile one is acked or dead-lettered (rejected into the queue's DLX) with the
/// expected outcome, and each is logged exactly once — never a crash, a retry loop or an unexpected-failure line.
/// </summary>
public sealed class HostileMessageTests(RabbitMqBrokerFixture brokers)
{
    private const string RejectedQueue = "hostile.rejected";
    private const int ValidPerHostile = 2;

    /// <summary>Event ids of the one line a message that is not deleted gets: ignored (debug), acked without a call, rejected, not a VM.</summary>
    private static readonly int[] SettledWithoutDeleteEventIds = [401, 402, 403, 409];

    /// <summary>DeliveryProcessor's "Unexpected failure processing delivery": a bug, never acceptable for any input.</summary>
    private const int UnexpectedFailureEventId = 408;

    [Fact]
    public async Task EveryValidMessageIsDeletedAndEveryHostileOneIsSettledAndLoggedOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var corpus = HostileMessageCorpus.Build();
        Assert.True(corpus.Count >= 30, $"the corpus has only {corpus.Count} entries");
        Assert.Equal(corpus.Count, corpus.Select(entry => entry.Name).Distinct().Count());

        var (broker, virtualHost) = await brokers.GetBrokerWithVirtualHostAsync();
        await broker.SetPolicyAsync(virtualHost, "hostile-dlx", "^k2hr3_osnl$", $"{{\"dead-letter-exchange\":\"\",\"dead-letter-routing-key\":\"{RejectedQueue}\"}}", cancellationToken: cancellationToken);
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        await using var worker = await InProcessWorker.StartAsync(TestSettings.For(broker, virtualHost, api.RoleUri));
        await using var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, cancellationToken);
        await amqp.Channel.QueueDeclareAsync(RejectedQueue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        var template = OsloSamples.NeutronPortDelete(Guid.Empty.ToString());
        var validCuks = new List<string>();
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);

        // One hostile message at a time (valid ones in between, processed concurrently): the next "settled without a
        // DELETE" line can only be this message's, so each line is attributed to its message.
        foreach (var (entry, index) in corpus.Select((entry, index) => (entry, index)))
        {
            var properties = OsloAmqpProperties.Create();
            properties.ContentType = entry.ContentType;
            await amqp.PublishAsync("neutron", "notifications.info", entry.Body, properties, cancellationToken);
            var cuks = Enumerable.Range(0, ValidPerHostile).Select(_ => Guid.NewGuid().ToString()).ToList();
            validCuks.AddRange(cuks);
            await amqp.PublishAllAsync("neutron", "notifications.info", cuks.Select(cuk => (ReadOnlyMemory<byte>)OsloEnvelope.V2(OsloSamples.WithDeviceId(template, cuk))), cancellationToken);

            await Eventually.WaitUntilAsync(
                () => SettledWithoutDelete(worker.Logs).Count > index,
                TestConstants.LongTimeout,
                $"the worker to settle '{entry.Name}'",
                TimeSpan.FromMilliseconds(20));
            outcomes[entry.Name] = SettledWithoutDelete(worker.Logs)[index].StructuredState!.First(pair => pair.Key == "Outcome").Value!;
        }

        await Eventually.WaitUntilAsync(
            () => api.DeleteRequests.Count(request => request.ResponseStatus == 204) >= validCuks.Count,
            TestConstants.LongTimeout,
            $"{validCuks.Count} DELETEs for the valid messages");
        await broker.WaitUntilQueueSettledAsync(virtualHost, "k2hr3_osnl", TestConstants.LongTimeout);

        // Every valid message deleted exactly once; no hostile one reached the API.
        Assert.Equal(validCuks.Order(), api.DeleteRequests.Select(request => request.Query["cuk"]).Order());

        // Every hostile message concluded as expected and logged once (one line each, no more lines afterwards).
        Assert.Equal(corpus.ToDictionary(entry => entry.Name, entry => entry.ExpectedOutcome), outcomes);
        Assert.Equal(corpus.Count, SettledWithoutDelete(worker.Logs).Count);
        // The worker's own errors count; a connection reset reported by the AMQP client under a loaded shared broker
        // does not (seen once in CI): reconnecting is the worker's job and the broker-restart tests cover it.
        Assert.DoesNotContain(
            worker.Logs.GetSnapshot(),
            record => record.Id.Id == UnexpectedFailureEventId
                || (record.Level >= LogLevel.Error && record.Category != K2hr3.Osnl.Worker.Diagnostics.OsnlLogging.RabbitMqClientCategory));

        // Rejected ones are in the dead-letter queue, byte for byte; the others were acked.
        var rejected = new List<string>();
        while (await amqp.GetAsync(RejectedQueue, cancellationToken) is { } message)
        {
            rejected.Add(Convert.ToHexString(SHA256.HashData(message.Body.Span)));
        }

        Assert.Equal(
            corpus.Where(entry => entry.IsRejected).Select(entry => Convert.ToHexString(SHA256.HashData(entry.Body))).Order(),
            rejected.Order());
        await Eventually.WaitUntilAsync(() => worker.Status.Connected, TestConstants.LongTimeout, "the worker to hold a broker session");
    }

    private static List<FakeLogRecord> SettledWithoutDelete(FakeLogCollector logs)
        => [.. logs.GetSnapshot().Where(record => SettledWithoutDeleteEventIds.Contains(record.Id.Id))];
}
