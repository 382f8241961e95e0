using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using K2hr3.AppHost.Hosting;
using Microsoft.Extensions.Logging;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>Adds the <c>rabbitmq</c> resource in the mode <see cref="RabbitMqModeSelector"/> picks.</summary>
public static class RabbitMqResourceBuilderExtensions
{
    /// <summary>The resource name, and so the connection string name (<c>ConnectionStrings__rabbitmq</c>).</summary>
    public const string ResourceName = "rabbitmq";

    /// <summary>Same name Aspire.Hosting.RabbitMQ generates for containers: one secret whatever the mode.</summary>
    public const string PasswordParameterName = "rabbitmq-password";

    public const string AmqpHealthCheckName = "rabbitmq-amqp";

    /// <summary>A broker image in place of Aspire's (e.g. the local one eng/build-images.sh builds).</summary>
    public const string ImageKey = "K2hr3:Images:RabbitMq";

    /// <summary>
    /// Adds <c>rabbitmq</c>: an existing broker (<c>ConnectionStrings:rabbitmq</c>), the RabbitMQ container with the
    /// management plugin, or the host's <c>rabbitmq-server</c> as a private process. Every variant is an
    /// <see cref="IResourceWithConnectionString"/> that becomes healthy once an AMQP connection opens, so consumers use
    /// <c>.WithReference(rabbitmq).WaitFor(rabbitmq)</c> the same way.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="containerRuntimeAvailable">Decides <c>auto</c> (pass the cluster's runtime decision so the broker
    /// follows it); default: <c>K2hr3:ContainerRuntimeAvailable</c> when set, else the cluster's CLI probe
    /// (<c>docker info</c>, or a container run by the <c>ASPIRE_CONTAINER_RUNTIME</c> CLI when it is Podman).</param>
    public static IResourceBuilder<IResourceWithConnectionString> AddK2hr3RabbitMq(
        this IDistributedApplicationBuilder builder,
        Func<bool>? containerRuntimeAvailable = null)
    {
        containerRuntimeAvailable ??= () => builder.Configuration.GetValue<bool?>("K2hr3:ContainerRuntimeAvailable")
            ?? new CliContainerRuntimeProbe().Probe(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker").CanRun;
        var mode = RabbitMqModeSelector.Select(builder.Configuration, containerRuntimeAvailable);

        // A process on the AppHost's machine means nothing in a published model: publish the container instead.
        if (mode == RabbitMqMode.Processes && !builder.ExecutionContext.IsRunMode)
        {
            mode = RabbitMqMode.Containers;
        }

        return mode switch
        {
            RabbitMqMode.Existing => builder.AddExistingRabbitMq(),
            RabbitMqMode.Containers => builder.AddRabbitMQ(ResourceName).WithManagementPlugin().WithConfiguredImage(builder.Configuration[ImageKey]),
            _ => builder.AddRabbitMqProcess(RabbitMqProcessSettings.FromConfiguration(builder.Configuration, builder.AppHostDirectory)),
        };
    }

    /// <summary>
    /// <c>registry/repository:tag</c> from <see cref="ImageKey"/> in place of Aspire's image; the management plugin must
    /// be in it (the local image enables it).
    /// </summary>
    private static IResourceBuilder<RabbitMQServerResource> WithConfiguredImage(this IResourceBuilder<RabbitMQServerResource> rabbitmq, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return rabbitmq;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var colon = reference.LastIndexOf(':');
        if (slash <= 0 || colon <= reference.LastIndexOf('/') || colon == reference.Length - 1)
        {
            throw new InvalidOperationException($"{ImageKey}={reference}: expected registry/repository:tag, e.g. localhost/k2hr3/rabbitmq:3.10.8");
        }

        return rabbitmq
            .WithImageRegistry(reference[..slash])
            .WithImage(reference[(slash + 1)..colon], reference[(colon + 1)..]);
    }

    /// <summary>The broker named by <c>ConnectionStrings:rabbitmq</c> (amqp:// URI or oslo rabbit:// transport_url).</summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddExistingRabbitMq(this IDistributedApplicationBuilder builder)
    {
        var rabbitmq = builder.AddConnectionString(ResourceName);
        builder.AddAmqpHealthCheck(rabbitmq.Resource);
        return rabbitmq.WithHealthCheck(AmqpHealthCheckName);
    }

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
                + $"set {RabbitMqProcessSettings.Section}:ServerPath, use {RabbitMqModeSelector.RuntimeKey}=containers, "
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
                RabbitMqLog.BrokerUnavailable(initialize.Logger, unavailable.Reason);
                return Task.CompletedTask;
            });
    }

    private static void AddAmqpHealthCheck(this IDistributedApplicationBuilder builder, IResourceWithConnectionString resource)
    {
        // Created by DI (not by the health-check scope) so the cached connection is closed when the AppHost stops.
        builder.Services.AddKeyedSingleton(AmqpHealthCheckName, (_, _) => new AmqpConnectionHealthCheck(resource));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            AmqpHealthCheckName,
            services => services.GetRequiredKeyedService<AmqpConnectionHealthCheck>(AmqpHealthCheckName),
            failureStatus: null,
            tags: null));
    }
}
