using System.Diagnostics;
using System.Text.Json;

namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// Queue depths of the private broker as RabbitMQ counts them, ready and unacknowledged (an AMQP passive declare only
/// reports ready messages, so it cannot tell "acked" from "delivered and still held").
/// </summary>
public static class BrokerQueues
{
    private const string RabbitMqCtl = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    /// <summary>name → (ready, unacknowledged) for every queue of the default virtual host.</summary>
    public static async Task<IReadOnlyDictionary<string, (long Ready, long Unacknowledged)>> ListAsync(PrivateBrokerArguments broker, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(RabbitMqCtl)
        {
            ArgumentList = { "-n", broker.NodeName, "list_queues", "name", "messages_ready", "messages_unacknowledged", "--formatter", "json", "--quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The node's Erlang cookie lives in its private HOME.
        start.Environment["HOME"] = Path.Combine(broker.DataDirectory, "home");

        // The node registers with its own epmd (K2hr3:RabbitMq:EpmdPort), not the system's 4369.
        start.Environment["ERL_EPMD_PORT"] = broker.EpmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl list_queues failed ({process.ExitCode}): {error}");

        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().ToDictionary(
            queue => queue.GetProperty("name").GetString()!,
            queue => (queue.GetProperty("messages_ready").GetInt64(), queue.GetProperty("messages_unacknowledged").GetInt64()));
    }
}
