using K2hr3.AppHost.Publishing;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// The broker in the published compose file: the modelled container's image and environment, or — the model uses an
/// existing broker — Aspire's image with the compose password variable; a named volume keeps its queues.
/// </summary>
internal static class RabbitMqComposeService
{
    public static async Task<ComposeService> BuildAsync(DistributedApplicationModel appModel, DistributedApplicationExecutionContext executionContext, ComposeFile compose, CancellationToken cancellationToken)
    {
        // The model has a broker container unless ConnectionStrings:rabbitmq names an existing broker.
        var modelled = appModel.Resources.OfType<ContainerResource>().FirstOrDefault(r => r.Name == RabbitMqResourceBuilderExtensions.ResourceName);
        var image = modelled is not null && modelled.TryGetContainerImageName(out var name) ? name : ComposeWriter.DefaultRabbitMqImage;
        var environment = modelled is not null
            ? await PublishedEnvironment.EvaluateAsync(modelled, executionContext, cancellationToken).ConfigureAwait(false)
            : new() { [ComposeWriter.RabbitMqUserVariable] = ComposeWriter.DefaultRabbitMqUser, [ComposeWriter.RabbitMqPasswordVariable] = ComposeVariable.RabbitMqPassword.Reference };

        // Run mode's container is ephemeral; a deployment keeps its queues.
        var volume = $"{RabbitMqResourceBuilderExtensions.ResourceName}-data";
        compose.Volumes[volume] = new ComposeVolume();
        return new ComposeService
        {
            Image = image,

            // RabbitMQ keeps its data under a node name derived from the host name: keep it stable.
            Hostname = RabbitMqResourceBuilderExtensions.ResourceName,
            Environment = environment,
            Volumes = [$"{volume}:/var/lib/rabbitmq"],
            Ports = BrokerPorts(executionContext, modelled),
            Healthcheck = ComposeHealthchecks.RabbitMq(),
            Networks = new() { [ComposeWriter.NetworkName] = new ComposeServiceNetwork { Aliases = [RabbitMqResourceBuilderExtensions.ResourceName] } },
            Restart = ComposeWriter.RestartPolicy,
        };
    }

    /// <summary>
    /// None by default: the listener reaches the broker on the compose network, and a published 5672/15672 would be open
    /// on every interface of the host. <see cref="ComposeWriter.PublishBrokerPortsKey"/> publishes them on 127.0.0.1 only (for a local
    /// OpenStack or the management UI through an SSH tunnel).
    /// </summary>
    private static List<string>? BrokerPorts(DistributedApplicationExecutionContext executionContext, ContainerResource? modelled)
    {
        var configuration = executionContext.Services.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue(ComposeWriter.PublishBrokerPortsKey, false))
        {
            return null;
        }

        return [.. ((modelled is not null ? ComposeWriter.Ports(modelled) : null) ?? ["5672:5672", "15672:15672"]).Select(port => "127.0.0.1:" + port)];
    }
}
