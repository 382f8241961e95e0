namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// Queue depths of the private broker as RabbitMQ counts them, ready and unacknowledged (an AMQP passive declare only
/// reports ready messages, so it cannot tell "acked" from "delivered and still held").
/// </summary>
public static class BrokerQueues
{
    private const string RabbitMqCtl = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    /// <summary>name → (ready, unacknowledged) for every queue of the default virtual host.</summary>
    public static async Task<IReadOnlyDictionary<string, (long Ready, long Unacknowledged)>> ListAsync(PrivateBrokerArguments broker)
    {
        var result = await CommandLine.RunAsync(
            RabbitMqCtl,
            ["-n", broker.NodeName, "list_queues", "name", "messages_ready", "messages_unacknowledged", "--formatter", "json", "--quiet"],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string>
            {
                // The node's Erlang cookie lives in its private HOME.
                ["HOME"] = Path.Combine(broker.DataDirectory, "home"),

                // The node registers with its own epmd (K2hr3:RabbitMq:EpmdPort), not the system's 4369.
                ["ERL_EPMD_PORT"] = broker.EpmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        Assert.True(result.Succeeded, $"rabbitmqctl list_queues failed ({result.ExitCode}): {result.StandardError}");

        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.EnumerateArray().ToDictionary(
            queue => queue.GetProperty("name").GetString()!,
            queue => (queue.GetProperty("messages_ready").GetInt64(), queue.GetProperty("messages_unacknowledged").GetInt64()));
    }
}
