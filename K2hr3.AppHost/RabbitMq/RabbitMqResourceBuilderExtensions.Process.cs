namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// The processes half: the host's <c>rabbitmq-server</c> as a private node with its own epmd, or — not installed — a
/// resource that says so.
/// </summary>
public static partial class RabbitMqResourceBuilderExtensions
{
    /// <summary>
    /// <c>rabbitmq-server</c> as a DCP executable, or — when the program is not installed — a resource that says so in
    /// the dashboard instead of failing the AppHost.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMqProcess(this IDistributedApplicationBuilder builder, RabbitMqProcessSettings settings)
    {
        if (!File.Exists(settings.ServerPath))
        {
            return builder.AddRabbitMqUnavailable(
                $"{settings.ServerPath} not found: install Debian's rabbitmq-server (apt-get install rabbitmq-server), "
                + $"set {RabbitMqProcessSettings.Section}:ServerPath, use {RuntimeKey}=containers, "
                + "or point ConnectionStrings:rabbitmq at an existing broker.");
        }

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, PasswordParameterName, special: false);
        var files = new RabbitMqProcessFiles(settings);
        var resource = new RabbitMqProcessResource(ResourceName, settings, password);

        var rabbitmq = builder.AddResource(resource)
            .WithIconName("MailMultiple")
            .WithEndpoint(RabbitMqProcessResource.AmqpEndpointName, endpoint =>
            {
                // Not proxied: the broker itself must listen on the port the connection string names.
                endpoint.Port = settings.AmqpPort;
                endpoint.TargetPort = settings.AmqpPort;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "amqp";
                endpoint.Transport = "tcp";
                endpoint.TargetHost = "127.0.0.1";
            })
            .WithEnvironment(context =>
            {
                foreach (var (name, value) in files.Environment)
                {
                    context.EnvironmentVariables[name] = value;
                }
            });

        if (settings.Management)
        {
            rabbitmq.WithEndpoint(RabbitMqProcessResource.ManagementEndpointName, endpoint =>
            {
                endpoint.Port = settings.ManagementPort;
                endpoint.TargetPort = settings.ManagementPort;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "http";
                endpoint.TargetHost = "127.0.0.1";
            });
        }

        // The files depend on the password, which is only known once parameters are resolved at run time.
        PrivateEpmd? epmd = null;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (started, cancellationToken) =>
        {
            var secret = await password.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"parameter {PasswordParameterName} has no value");
            files.Write(secret);
            epmd ??= CreateEpmd(started.Services, settings);
            await epmd.RecordBeforeStartAsync(cancellationToken).ConfigureAwait(false);
        });

        // Erlang's epmd daemon outlives the broker: stop it when the broker stops, and at the latest when the AppHost does.
        builder.Eventing.Subscribe<ResourceStoppedEvent>(resource, (stopped, cancellationToken) =>
            (epmd ??= CreateEpmd(stopped.Services, settings)).StopAsync(cancellationToken));
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((created, _) =>
        {
            var lifetime = created.Services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStopped.Register(() => (epmd ??= CreateEpmd(created.Services, settings)).StopAsync(CancellationToken.None).Wait(TimeSpan.FromSeconds(30)));
            return Task.CompletedTask;
        });

        builder.AddAmqpHealthCheck(resource);
        return rabbitmq.WithHealthCheck(AmqpHealthCheckName);
    }

    private static PrivateEpmd CreateEpmd(IServiceProvider services, RabbitMqProcessSettings settings)
        => new(settings, services.GetRequiredService<ResourceLoggerService>().GetLogger(ResourceName));

    /// <summary>
    /// A placeholder that explains in the dashboard why there is no broker. Nothing waits for it: the listener is then
    /// shown as unavailable too (see <c>AddK2hr3Osnl</c>).
    /// </summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddRabbitMqUnavailable(this IDistributedApplicationBuilder builder, string reason)
    {
        var resource = new RabbitMqUnavailableResource(ResourceName, reason);
        return builder.AddResource(resource)
            .WithIconName("MailMultiple")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RabbitMQ",
                // Same presentation as the cluster's other components that cannot run here.
                State = new ResourceStateSnapshot(K2hr3UnavailableResource.State, KnownResourceStateStyles.Warn),
                Properties = [new ResourcePropertySnapshot(K2hr3UnavailableResource.ReasonProperty, reason)],
            })
            .OnInitializeResource((unavailable, initialize, _) =>
            {
                LogBrokerUnavailable(initialize.Logger, unavailable.Reason);
                return Task.CompletedTask;
            });
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "RabbitMQ is not available: {Reason}")]
    private static partial void LogBrokerUnavailable(ILogger logger, string reason);
}
