using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// The <c>rabbitmq</c> resource: an existing broker (this file), the container (<c>.Container.cs</c>) or the host's
/// <c>rabbitmq-server</c> as a private process (<c>.Process.cs</c>).
/// </summary>
public static partial class RabbitMqResourceBuilderExtensions
{
    /// <summary>The resource name, and so the connection string name (<c>ConnectionStrings__rabbitmq</c>).</summary>
    public const string ResourceName = "rabbitmq";

    /// <summary>Same name Aspire.Hosting.RabbitMQ generates for containers: one secret whatever the mode.</summary>
    public const string PasswordParameterName = "rabbitmq-password";

    public const string AmqpHealthCheckName = "rabbitmq-amqp";

    /// <summary>The broker's own runtime setting; unset or <c>auto</c> follows <c>K2hr3:Runtime</c>'s decision.</summary>
    public const string RuntimeKey = "K2hr3:RabbitMq:Runtime";

    /// <summary>
    /// Adds <c>rabbitmq</c>: an existing broker when <c>ConnectionStrings:rabbitmq</c> is set (whatever the runtime),
    /// else — in <see cref="RuntimeKey"/>'s runtime, or the cluster's — the RabbitMQ container with the management
    /// plugin, or the host's <c>rabbitmq-server</c> as a private process. Every variant is an
    /// <see cref="IResourceWithConnectionString"/> that becomes healthy once an AMQP connection opens, so consumers use
    /// <c>.WithReference(rabbitmq).WaitFor(rabbitmq)</c> the same way.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddK2hr3RabbitMq(this K2hr3ClusterBuilder k2hr3)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        var builder = k2hr3.ApplicationBuilder;
        if (UsesExistingBroker(builder.Configuration))
        {
            return builder.AddExistingRabbitMq();
        }

        var runtime = SelectRuntime(builder.Configuration, k2hr3.Runtime);

        // A process on the AppHost's machine means nothing in a published model: publish the container instead.
        if (runtime == K2hr3Runtime.Processes && !builder.ExecutionContext.IsRunMode)
        {
            runtime = K2hr3Runtime.Containers;
        }

        return runtime == K2hr3Runtime.Containers
            ? builder.AddRabbitMqContainer()
            : builder.AddRabbitMqProcess(RabbitMqProcessSettings.FromConfiguration(builder.Configuration, builder.AppHostDirectory));
    }

    /// <summary><c>ConnectionStrings:rabbitmq</c> names a broker that already runs (e.g. OpenStack's own): nothing to run.</summary>
    internal static bool UsesExistingBroker(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ResourceName));

    /// <summary>The broker's runtime: <see cref="RuntimeKey"/> when it says containers or processes, else the cluster's.</summary>
    internal static K2hr3Runtime SelectRuntime(IConfiguration configuration, K2hr3Runtime cluster) =>
        K2hr3RuntimeSelector.SelectFor(RuntimeKey, configuration[RuntimeKey], cluster);

    /// <summary>The broker named by <c>ConnectionStrings:rabbitmq</c> (amqp:// URI or oslo rabbit:// transport_url).</summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddExistingRabbitMq(this IDistributedApplicationBuilder builder)
    {
        var rabbitmq = builder.AddConnectionString(ResourceName);
        builder.AddAmqpHealthCheck(rabbitmq.Resource);
        return rabbitmq.WithHealthCheck(AmqpHealthCheckName);
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
