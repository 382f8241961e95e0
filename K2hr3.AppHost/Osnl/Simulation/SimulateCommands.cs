using K2hr3.Bootstrap;
using System.Net;
using System.Text.Json.Nodes;
using K2hr3.AppHost.Osnl.Bootstrap;

namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>
/// Dashboard commands on <c>osnl</c> that publish what OpenStack publishes when a VM is deleted, for the demo VM by
/// default or for entered values: "Simulate neutron port delete" and "Simulate nova instance delete".
/// </summary>
internal static class SimulateCommands
{
    public const string NeutronPortDelete = "simulate-neutron-port-delete";
    public const string NovaInstanceDelete = "simulate-nova-instance-delete";
    public const string InstanceIdArgument = "instance_id";
    public const string IpAddressesArgument = "ip_addresses";

    /// <summary>Adds the command of each source the listener consumes.</summary>
    public static IResourceBuilder<T> WithSimulateCommands<T>(
        this IResourceBuilder<T> osnl,
        IResourceWithConnectionString rabbitmq,
        IReadOnlyList<OsnlSource> sources,
        K2hr3BootstrapSettings demo)
        where T : IResource
    {
        // One tracer provider per AppHost, created by DI (and so flushed and disposed when the AppHost stops).
        osnl.ApplicationBuilder.Services.AddSingleton<SimulationTelemetry>();

        if (sources.Contains(OsnlSource.Neutron))
        {
            osnl.WithCommand(
                NeutronPortDelete,
                "Simulate neutron port delete",
                context => ExecuteAsync(context, rabbitmq, OsnlSource.Neutron, (cuk, ips, now) => DeleteNotifications.NeutronPortDelete(cuk, ips, now)),
                Options(
                    $"Publishes neutron's port.delete.end (oslo v2) to exchange '{OsnlSource.Neutron.Exchange}' with routing key '{OsnlSource.Neutron.RoutingKey}'; the listener then deletes the instance's addresses from every role.",
                    InstanceIdInput(demo.DemoCuk),
                    new InteractionInput
                    {
                        Name = IpAddressesArgument,
                        Label = "Fixed IP addresses (comma-separated)",
                        InputType = InputType.Text,
                        Required = true,
                        Value = demo.DemoIp,
                    }));
        }

        if (sources.Contains(OsnlSource.Nova))
        {
            osnl.WithCommand(
                NovaInstanceDelete,
                "Simulate nova instance delete",
                context => ExecuteAsync(context, rabbitmq, OsnlSource.Nova, (cuk, _, now) => DeleteNotifications.NovaInstanceDelete(cuk, now)),
                Options(
                    $"Publishes nova's versioned instance.delete.end (oslo v2) to exchange '{OsnlSource.Nova.Exchange}' with routing key '{OsnlSource.Nova.RoutingKey}'; the listener then deletes every address of the instance.",
                    InstanceIdInput(demo.DemoCuk)));
        }

        return osnl;
    }

    private static InteractionInput InstanceIdInput(string demoCuk) => new()
    {
        Name = InstanceIdArgument,
        Label = "Instance id (cuk, a UUID)",
        InputType = InputType.Text,
        Required = true,
        Value = demoCuk,
    };

    private static CommandOptions Options(string description, params InteractionInput[] arguments) => new()
    {
        Description = description,
        IconName = "DeleteLines",
        Arguments = arguments,
        ValidateArguments = Validate,
        // Without a consumer the broker has no queue bound (the command would fail with "not routed").
        UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled,
    };

    private static Task Validate(InputsDialogValidationContext context)
    {
        if (context.Inputs.TryGetByName(InstanceIdArgument, out var instanceId) && !Guid.TryParse(instanceId.Value, out _))
        {
            context.AddValidationError(instanceId, "The listener only accepts a UUID (OpenStack's instance id).");
        }

        if (context.Inputs.TryGetByName(IpAddressesArgument, out var ips))
        {
            var invalid = SplitIps(ips.Value).Where(ip => !IPAddress.TryParse(ip, out _)).ToList();
            if (invalid.Count > 0)
            {
                context.AddValidationError(ips, $"Not an IPv4 or IPv6 address: {string.Join(", ", invalid)}");
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(
        ExecuteCommandContext context,
        IResourceWithConnectionString rabbitmq,
        OsnlSource source,
        Func<string, IReadOnlyList<string>, DateTime, OsloNotification> create)
    {
        // Ensure the span has a listener (and an exporter) before it starts.
        context.Services.GetRequiredService<SimulationTelemetry>();

        var cuk = context.Arguments.GetString(InstanceIdArgument)?.Trim() ?? string.Empty;
        var ips = context.Arguments.TryGetByName(IpAddressesArgument, out var ipInput) ? SplitIps(ipInput.Value) : [];
        var notification = create(cuk, ips, DateTime.UtcNow);
        try
        {
            var connectionString = await rabbitmq.GetConnectionStringAsync(context.CancellationToken).ConfigureAwait(false)
                ?? throw new SimulationException("the rabbitmq resource has no connection string yet");
            var traceId = await NotificationPublisher.PublishAsync(connectionString, source, notification, context.CancellationToken).ConfigureAwait(false);
            SimulationLog.Published(context.Logger, notification.EventType, cuk, string.Join(",", ips), source.Exchange, source.RoutingKey, traceId);
            var data = new JsonObject
            {
                ["exchange"] = source.Exchange,
                ["routing_key"] = source.RoutingKey,
                ["event_type"] = notification.EventType,
                ["publisher_id"] = notification.PublisherId,
                ["message_id"] = notification.MessageId,
                ["instance_id"] = cuk,
                ["ip_addresses"] = new JsonArray(ips.Select(ip => (JsonNode)ip).ToArray()),
                ["trace_id"] = traceId,
            };
            return CommandResults.Success(
                $"Published {notification.EventType} for {cuk} (trace {traceId})",
                data.ToJsonString(),
                CommandResultFormat.Json);
        }
        catch (SimulationException ex)
        {
            SimulationLog.PublishFailed(context.Logger, notification.EventType, ex.Message);
            return CommandResults.Failure(ex.Message);
        }
    }

    private static IReadOnlyList<string> SplitIps(string? value)
        => (value ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
