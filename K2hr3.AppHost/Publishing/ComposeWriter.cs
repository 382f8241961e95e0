using K2hr3.Bootstrap;
using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.RabbitMq;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// Builds the docker-compose document from the same application model run mode starts: the K2HR3 containers'
/// images, entrypoints, arguments, environment, mounts, ports and WaitFor edges are read from their Aspire resources
/// (the containers runtime), so nothing about them is written twice; each component's container half marks its
/// containers as services with their healthchecks (<see cref="ComposeServiceAnnotation"/>, <c>*.Compose.cs</c> in the
/// component folders). The broker's service is mapped in RabbitMq/ (<c>RabbitMqComposeService</c>), the listener's and
/// its one-shot bootstrap's in Osnl/ (<c>OsnlComposeServices</c>); this class puts them into one file. Every service is
/// named after its resource (the broker's, the listener's and the bootstrap's too: <c>ResourceName</c> of their builder
/// extensions), so the compose file and the dashboard show the same names.
/// </summary>
internal sealed class ComposeWriter(DistributedApplicationModel appModel, K2hr3ClusterModel cluster, DistributedApplicationExecutionContext executionContext, ILogger logger)
{
    public const string NetworkName = "k2hr3";

    /// <summary>Publishes the broker's AMQP and management ports on 127.0.0.1 (default: not published at all).</summary>
    public const string PublishBrokerPortsKey = "K2hr3:RabbitMq:PublishPorts";

    /// <summary>
    /// Shared by the bootstrap (writes the role token) and the listener (reads it). Mounted over the image user's home,
    /// which exists in the image owned by that (non-root) user: a new named volume takes that ownership (Docker copies
    /// it; Podman chowns a new volume to the container's user), so both can use it without running as root.
    /// </summary>
    public const string RegistrationVolume = "osnl-registration";

    public const string RegistrationMountPath = "/home/app";

    public const string RegistrationTokenPath = RegistrationMountPath + "/k2hr3-role-token";

    /// <summary>Aspire.Hosting.RabbitMQ's image with the management plugin (used when the model has no broker container).</summary>
    public const string DefaultRabbitMqImage = "docker.io/library/rabbitmq:4.3-management";

    public const string ListenerImageRepository = "k2hr3-osnl";

    internal const string RestartPolicy = "unless-stopped";

    internal const string RabbitMqUserVariable = "RABBITMQ_DEFAULT_USER";
    internal const string RabbitMqPasswordVariable = "RABBITMQ_DEFAULT_PASS";
    internal const string DefaultRabbitMqUser = "guest";
    internal const string ApiUrlVariable = "K2hr3__Api__Url";

    /// <summary>K2hr3.Osnl.Worker's <c>BootstrapCommand.Name</c> (the AppHost does not reference the worker's assembly).</summary>
    internal const string BootstrapCommandName = "bootstrap";

    private readonly PublishLayout layout = new(cluster);

    /// <summary><c>k2hr3-osnl:&lt;version&gt;</c>, the tag <c>dotnet publish -t:PublishContainer</c> gives the listener image.</summary>
    public static string ListenerImage =>
        $"{ListenerImageRepository}:{typeof(ComposeWriter).Assembly.GetName().Version?.ToString(3) ?? "latest"}";

    public async Task<ComposeFile> BuildAsync(CancellationToken cancellationToken)
    {
        var compose = new ComposeFile();
        compose.Networks[NetworkName] = new ComposeNetwork { Name = NetworkName };
        foreach (var container in appModel.Resources.OfType<ContainerResource>().Where(IsK2hr3Container))
        {
            compose.Services[container.Name] = await FromContainerAsync(container, compose, cancellationToken).ConfigureAwait(false);
        }

        var rabbitmq = await RabbitMqComposeService.BuildAsync(appModel, executionContext, compose, cancellationToken).ConfigureAwait(false);
        compose.Services[RabbitMqResourceBuilderExtensions.ResourceName] = rabbitmq;
        var listener = await OsnlComposeServices.ListenerAsync(appModel, cluster, executionContext, rabbitmq, compose.Services.Keys, cancellationToken).ConfigureAwait(false);
        if (appModel.Resources.OfType<K2hr3BootstrapResource>().FirstOrDefault() is { Settings.Enabled: true } bootstrap)
        {
            compose.Services[K2hr3BootstrapBuilderExtensions.ResourceName] = OsnlComposeServices.Bootstrap(bootstrap, cluster, listener, compose);
            listener.Environment![OsnlResourceBuilderExtensions.RegistrationTokenFileVariable] = RegistrationTokenPath;
            listener.Environment[OsnlResourceBuilderExtensions.RegistrationRoleVariable] = bootstrap.Settings.DelHostRole;
            listener.Environment[OsnlResourceBuilderExtensions.RegistrationTagVariable] = K2hr3BootstrapSettings.ListenerTag;
            listener.Volumes = [$"{RegistrationVolume}:{RegistrationMountPath}"];
            listener.DependsOn ??= [];
            listener.DependsOn[K2hr3BootstrapBuilderExtensions.ResourceName] = new ComposeDependency { Condition = ComposeDependency.ServiceCompletedSuccessfully };
        }

        compose.Services[OsnlResourceBuilderExtensions.ResourceName] = listener;
        return compose;
    }

    public static string Serialize(ComposeFile compose)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .WithQuotingNecessaryStrings()
            .DisableAliases()
            .Build();
        return "# Generated by `aspire publish` (K2hr3.AppHost). Variables come from .env; see the README's Deploy section.\n"
            + serializer.Serialize(compose);
    }

    /// <summary>The containers a component's compose mapping marked (<see cref="ComposeServiceAnnotation"/>).</summary>
    private static bool IsK2hr3Container(ContainerResource resource) =>
        resource.Annotations.OfType<ComposeServiceAnnotation>().Any();

    private async Task<ComposeService> FromContainerAsync(ContainerResource container, ComposeFile compose, CancellationToken cancellationToken)
    {
        if (!container.TryGetContainerImageName(out var image))
        {
            throw new InvalidOperationException($"{container.Name} has no container image");
        }

        // What DCP would pass the container, evaluated in publish mode (the K2HR3 containers' values are literals).
        var configuration = await ExecutionConfigurationBuilder.Create(container)
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken)
            .ConfigureAwait(false);
        if (configuration.Exception is { } exception)
        {
            throw new InvalidOperationException($"{container.Name}: cannot evaluate arguments and environment", exception);
        }

        var arguments = configuration.Arguments.Select(a => ComposeVariable.Literal(a.Value)).ToList();
        var environment = configuration.EnvironmentVariables;

        var service = new ComposeService
        {
            Image = image,
            Entrypoint = container.Entrypoint is { } entrypoint ? [entrypoint] : null,
            Command = arguments.Count > 0 ? arguments : null,
            Hostname = container.Name,
            Environment = environment.Any() ? environment.ToDictionary(e => e.Key, e => ComposeVariable.Literal(e.Value)) : null,
            Volumes = Mounts(container, compose),
            Ports = Ports(container),
            Sysctls = container.Annotations.OfType<ContainerSysctlsAnnotation>().LastOrDefault()?.Values.ToDictionary(),
            Healthcheck = Healthcheck(container),
            DependsOn = Dependencies(container),

            // The chmpx NAMEs are these service names; an explicit alias keeps them resolvable on the named network.
            Networks = new() { [NetworkName] = new ComposeServiceNetwork { Aliases = [container.Name] } },
            Restart = RestartPolicy,
        };
        return service;
    }

    private List<string>? Mounts(ContainerResource container, ComposeFile compose)
    {
        if (!container.TryGetContainerMounts(out var mounts))
        {
            return null;
        }

        var volumes = new List<string>();
        foreach (var mount in mounts)
        {
            string source;
            if (mount.Type == ContainerMountType.BindMount)
            {
                source = layout.ComposeSource(mount.Source!);
            }
            else
            {
                // Run mode's volume names carry a hash of the AppHost path; a deployment names them by service.
                source = $"{container.Name}-{mount.Source!.Split('-')[^1]}";
                compose.Volumes[source] = new ComposeVolume();
            }

            volumes.Add(mount.IsReadOnly ? $"{source}:{mount.Target}:ro" : $"{source}:{mount.Target}");
        }

        return volumes;
    }

    internal static List<string>? Ports(IResource resource)
    {
        var ports = resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.Port is not null || e.TargetPort is not null)
            .Select(e => FormattableString.Invariant($"{e.Port ?? e.TargetPort}:{e.TargetPort ?? e.Port}"))
            .ToList();
        return ports.Count > 0 ? ports : null;
    }

    internal static Dictionary<string, ComposeDependency>? Dependencies(IResource resource)
    {
        var dependencies = resource.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitUntilHealthy)
            .Select(w => w.Resource.Name)
            .Distinct()
            .ToDictionary(name => name, _ => new ComposeDependency());
        return dependencies.Count > 0 ? dependencies : null;
    }

    private static ComposeHealthcheck? Healthcheck(ContainerResource container) =>
        container.Annotations.OfType<ComposeServiceAnnotation>().LastOrDefault()?.Healthcheck;
}
