using RabbitMQ.Client;

namespace K2hr3.Tests.RabbitMq;

/// <summary>Processes mode under DCP: the host's rabbitmq-server as a private node that becomes healthy on AMQP.</summary>
public class RabbitMqProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheRabbitMqServerProcessBecomesHealthyAndAcceptsItsConnectionString()
    {
        if (!PrivateBrokerArguments.ServerInstalled)
        {
            Assert.Skip($"{RabbitMqProcessSettings.DefaultServerPath} is not installed (apt-get install rabbitmq-server)");
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        using var broker = new PrivateBrokerArguments();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>([.. AppHostModel.ProcessesRuntime, .. broker.Arguments], cancellationToken);
        // Only the broker: the listener has its own tests.
        appHost.Resources.Remove(appHost.Resources.Single(r => r.Name == OsnlResourceBuilderExtensions.ResourceName));

        await using var app = await appHost.BuildAsync(cancellationToken);
        await using var resources = new ResourceLogs(app);
        await resources.StartAsync(StartTimeout, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(RabbitMqResourceBuilderExtensions.ResourceName, cancellationToken).WaitAsync(StartTimeout, cancellationToken);

        var connectionString = await app.GetConnectionStringAsync(RabbitMqResourceBuilderExtensions.ResourceName, cancellationToken);
        Assert.Equal($"amqp://k2hr3:{broker.Password}@127.0.0.1:{broker.AmqpPort}/", connectionString);

        var factory = new ConnectionFactory { Uri = new Uri(connectionString!) };
        await using var connection = await factory.CreateConnectionAsync("k2hr3-tests", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = await channel.QueueDeclareAsync(exclusive: true, cancellationToken: cancellationToken);
        Assert.Equal(0u, queue.MessageCount);
        Assert.True(File.Exists(Path.Combine(broker.DataDirectory, "config", "definitions.json")));

        await app.StopAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
    }
}
