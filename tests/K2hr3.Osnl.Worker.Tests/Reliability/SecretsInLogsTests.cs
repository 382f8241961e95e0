namespace K2hr3.Tests.Reliability;

/// <summary>
/// Issue 3: the broker password and the tokens a notification carries never reach the worker's output — at the most
/// verbose levels, through a broker fail-over, a dropped connection, a failed API call, a rejected and an ignored
/// message. Asserted on everything the real process writes.
/// </summary>
public sealed class SecretsInLogsTests(RabbitMqBrokerFixture brokers) : MessagePathTests(brokers)
{
    [Fact]
    public async Task BrokerPasswordAndTokensNeverAppearInTheWorkersOutput()
    {
        var (broker, virtualHost, api, _) = await StartBrokerAndApiAsync();
        var user = "osnl-" + Guid.NewGuid().ToString("N")[..8];
        var password = "BrokerPassword" + Guid.NewGuid().ToString("N");
        var token = "AuthToken" + Guid.NewGuid().ToString("N");
        await broker.RunCtlAsync(["add_user", user, password], Token);
        await broker.RunCtlAsync(["set_permissions", "-p", virtualHost, user, ".*", ".*", ".*"], Token);
        api.EnqueueFaults(ApiFault.Status(500));
        using var directory = new TempDirectory();
        var deadPort = FreePort.Next();
        // Two hosts, the first one dead.
        var transportUrl = $"rabbit://{user}:{password}@127.0.0.1:{deadPort.ToString(CultureInfo.InvariantCulture)},"
            + OsnlConf.TransportUrl(broker, virtualHost, credentials: $"{user}:{password}")["rabbit://".Length..];
        var conf = directory.Write("k2hr3-osnl.conf", OsnlConf.Neutron(transportUrl, api.RoleUri, debug: true));

        await using var worker = WorkerProcessHandle.Start(["-c", conf]);
        await worker.WaitForLineAsync("Starting: consuming k2hr3_osnl", TestConstants.LongTimeout);
        await using (var amqp = await AmqpTestClient.ConnectAsync(broker, virtualHost, Token))
        {
            // The first call fails (500), the second succeeds; then a not-a-VM (invalid cuk), an ignored and a rejected message.
            await amqp.PublishAsync("neutron", "notifications", WithToken(OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString()), token));
            await amqp.PublishAsync("neutron", "notifications", WithToken(OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString()), token));
            await amqp.PublishAsync("neutron", "notifications", WithToken(OsloSamples.NeutronPortDelete("not-a-uuid"), token));
            await amqp.PublishAsync("neutron", "notifications", WithToken(OsloSamples.NeutronPortDelete(Guid.NewGuid().ToString()), token) with { EventType = "port.create.end" });
            await amqp.PublishNotificationAsync(
                "neutron",
                "notifications.info",
                OsloEnvelope.WrapV2($"{{\"_context_auth_token\": \"{token}\", \"priority\": \"INFO\", broken"),
                cancellationToken: Token);
        }

        await api.WaitForRequestsAsync(2, TestConstants.LongTimeout);
        await worker.WaitForLineAsync("Ignored message", TestConstants.LongTimeout);
        await worker.WaitForLineAsync("not a VM", TestConstants.LongTimeout);
        await worker.WaitForLineAsync("Rejected message", TestConstants.LongTimeout);

        // A dropped connection: the worker logs the loss and its reconnection.
        await broker.RunCtlAsync(["close_all_connections", "-p", virtualHost, "test: dropped on purpose"], Token);
        await Eventually.WaitUntilAsync(
            () => worker.Lines.Count(line => line.Contains("Starting: consuming k2hr3_osnl", StringComparison.Ordinal)) == 2,
            TestConstants.LongTimeout,
            "the worker to reconnect after the dropped connection");
        worker.SendSigTerm();
        Assert.Equal(0, await worker.WaitForExitAsync(TestConstants.LongTimeout));

        var lines = worker.Lines;
        Assert.DoesNotContain(lines, line => line.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal));

        // The paths that could have leaked were taken (and logged at debug level).
        Assert.Contains(lines, line => line.Contains($"{user}@127.0.0.1:{deadPort}", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Lost the broker session", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Deleted", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(" DEBUG ", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"{lines.Count} output lines checked");
    }

    /// <summary>The token where OpenStack puts it (the request context) and where a careless log would show it (the payload).</summary>
    private static OsloMessage WithToken(OsloMessage message, string token)
    {
        message.Payload!["port"]!["binding:profile"] = new JsonObject { ["auth_token"] = token };
        return message with
        {
            Context = [.. message.Context.Where(pair => pair.Key != "auth_token"), new("auth_token", token)],
        };
    }
}
