using K2hr3.Bootstrap;
using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Hosting;
using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.Osnl.Bootstrap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// Builds the docker-compose document from the same application model run mode starts: the K2HR3 containers'
/// images, entrypoints, arguments, environment, mounts, ports and WaitFor edges are read from their Aspire resources
/// (the containers runtime), so nothing about them is written twice. The broker's image, environment and ports and the
/// listener's settings and waits come from their resources too; only what run mode resolves at run time (broker URI,
/// registration token — here the one-shot osnl-bootstrap service and its shared volume) and what compose adds
/// (volumes, healthchecks) is written here.
/// </summary>
public sealed class ComposeWriter(DistributedApplicationModel appModel, K2hr3ClusterModel cluster, DistributedApplicationExecutionContext executionContext, ILogger logger)
{
    public const string NetworkName = "k2hr3";

    public const string RabbitMqServiceName = "rabbitmq";

    public const string ListenerServiceName = "osnl";

    /// <summary>The one-shot service that authorizes the listener (the listener's image, <c>bootstrap</c> command).</summary>
    public const string BootstrapServiceName = "osnl-bootstrap";

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

    private const string RestartPolicy = "unless-stopped";

    private const string RabbitMqUserVariable = "RABBITMQ_DEFAULT_USER";
    private const string RabbitMqPasswordVariable = "RABBITMQ_DEFAULT_PASS";
    private const string DefaultRabbitMqUser = "guest";
    private const string ApiUrlVariable = "K2hr3__Api__Url";

    /// <summary>K2hr3.Osnl.Worker's <c>BootstrapCommand.Name</c> (the AppHost does not reference the worker's assembly).</summary>
    private const string BootstrapCommandName = "bootstrap";

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

        var rabbitmq = await RabbitMqAsync(compose, cancellationToken).ConfigureAwait(false);
        compose.Services[RabbitMqServiceName] = rabbitmq;
        var listener = await ListenerAsync(rabbitmq, compose.Services.Keys, cancellationToken).ConfigureAwait(false);
        if (appModel.Resources.OfType<K2hr3BootstrapResource>().FirstOrDefault() is { Settings.Enabled: true } bootstrap)
        {
            compose.Services[BootstrapServiceName] = Bootstrap(bootstrap, listener, compose);
            listener.Environment![OsnlResourceBuilderExtensions.RegistrationTokenFileVariable] = RegistrationTokenPath;
            listener.Environment[OsnlResourceBuilderExtensions.RegistrationRoleVariable] = bootstrap.Settings.DelHostRole;
            listener.Environment[OsnlResourceBuilderExtensions.RegistrationTagVariable] = K2hr3BootstrapSettings.ListenerTag;
            listener.Volumes = [$"{RegistrationVolume}:{RegistrationMountPath}"];
            listener.DependsOn ??= [];
            listener.DependsOn[BootstrapServiceName] = new ComposeDependency { Condition = ComposeDependency.ServiceCompletedSuccessfully };
        }

        compose.Services[ListenerServiceName] = listener;
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

    private static bool IsK2hr3Container(ContainerResource resource) =>
        resource is K2hdkcContainerResource or K2hr3ApiContainerResource or K2hr3AppContainerResource;

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

    private static List<string>? Ports(IResource resource)
    {
        var ports = resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.Port is not null || e.TargetPort is not null)
            .Select(e => FormattableString.Invariant($"{e.Port ?? e.TargetPort}:{e.TargetPort ?? e.Port}"))
            .ToList();
        return ports.Count > 0 ? ports : null;
    }

    private static Dictionary<string, ComposeDependency>? Dependencies(IResource resource)
    {
        var dependencies = resource.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitUntilHealthy)
            .Select(w => w.Resource.Name)
            .Distinct()
            .ToDictionary(name => name, _ => new ComposeDependency());
        return dependencies.Count > 0 ? dependencies : null;
    }

    private ComposeHealthcheck? Healthcheck(ContainerResource container) => container switch
    {
        K2hdkcContainerResource => ComposeHealthchecks.Chmpx(cluster.ServerIniPath(cluster.Dkc.Nodes.First(n => n.ResourceName == container.Name)), ChmpxState.ServiceIn),
        K2hr3ApiContainerResource => cluster.Api.Keystone.IsDummy
            ? ComposeHealthchecks.ApiK2hdkc(cluster.Api.Scheme, cluster.Api.Port)
            : ComposeHealthchecks.Http(cluster.Api.Scheme, cluster.Api.Port, [K2hr3ApiBuilderExtensions.RootProbe]),
        K2hr3AppContainerResource => ComposeHealthchecks.Http(cluster.App.Scheme, cluster.App.Port, [K2hr3AppBuilderExtensions.PageProbe]),
        _ => null,
    };

    private async Task<ComposeService> RabbitMqAsync(ComposeFile compose, CancellationToken cancellationToken)
    {
        // The model has a broker container unless ConnectionStrings:rabbitmq names an existing broker.
        var modelled = appModel.Resources.OfType<ContainerResource>().FirstOrDefault(r => r.Name == RabbitMqServiceName);
        var image = modelled is not null && modelled.TryGetContainerImageName(out var name) ? name : DefaultRabbitMqImage;
        var environment = modelled is not null
            ? await PublishedEnvironment.EvaluateAsync(modelled, executionContext, cancellationToken).ConfigureAwait(false)
            : new() { [RabbitMqUserVariable] = DefaultRabbitMqUser, [RabbitMqPasswordVariable] = ComposeVariable.RabbitMqPassword.Reference };

        // Run mode's container is ephemeral; a deployment keeps its queues.
        var volume = $"{RabbitMqServiceName}-data";
        compose.Volumes[volume] = new ComposeVolume();
        return new ComposeService
        {
            Image = image,

            // RabbitMQ keeps its data under a node name derived from the host name: keep it stable.
            Hostname = RabbitMqServiceName,
            Environment = environment,
            Volumes = [$"{volume}:/var/lib/rabbitmq"],
            Ports = BrokerPorts(modelled),
            Healthcheck = ComposeHealthchecks.RabbitMq(),
            Networks = new() { [NetworkName] = new ComposeServiceNetwork { Aliases = [RabbitMqServiceName] } },
            Restart = RestartPolicy,
        };
    }

    /// <summary>
    /// None by default: the listener reaches the broker on the compose network, and a published 5672/15672 would be open
    /// on every interface of the host. <see cref="PublishBrokerPortsKey"/> publishes them on 127.0.0.1 only (for a local
    /// OpenStack or the management UI through an SSH tunnel).
    /// </summary>
    private List<string>? BrokerPorts(ContainerResource? modelled)
    {
        var configuration = executionContext.Services.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue(PublishBrokerPortsKey, false))
        {
            return null;
        }

        return [.. ((modelled is not null ? Ports(modelled) : null) ?? ["5672:5672", "15672:15672"]).Select(port => "127.0.0.1:" + port)];
    }

    /// <summary>
    /// The published deployment's one-shot bootstrap: the listener's image running <c>k2hr3-osnl bootstrap</c>, the same
    /// steps as run mode's osnl-bootstrap (K2hr3.Bootstrap). Credentials or an administrator's role token come from
    /// <c>.env</c>; the token it makes goes into the shared volume, never into this file. The listener waits for it
    /// to complete successfully.
    /// </summary>
    private ComposeService Bootstrap(K2hr3BootstrapResource bootstrap, ComposeService listener, ComposeFile compose)
    {
        compose.Volumes[RegistrationVolume] = new ComposeVolume();
        var settings = bootstrap.Settings;

        // The modelled API without Keystone (dummyuserapi) accepts any user name: "admin" unless .env names one.
        var dummyIdentity = bootstrap.Api is K2hr3ApiTarget.Modelled && cluster.Api.Keystone.IsDummy;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ApiUrlVariable] = listener.Environment![ApiUrlVariable],
            ["K2hr3__Api__UserName"] = dummyIdentity ? ComposeVariable.AdminUser.ReferenceWithDefault(K2hr3BootstrapSettings.DefaultUserName) : ComposeVariable.AdminUser.Reference,
            ["K2hr3__Api__Password"] = ComposeVariable.AdminPassword.Reference,
            [OsnlResourceBuilderExtensions.RegistrationTokenVariable] = ComposeVariable.RegistrationToken.Reference,
            ["K2hr3__Api__AdminTenant"] = ComposeVariable.Literal(settings.AdminTenant),
            ["K2hr3__Api__DeleteHostRole"] = ComposeVariable.Literal(settings.DelHostRole),
            [OsnlResourceBuilderExtensions.RegistrationTokenFileVariable] = RegistrationTokenPath,

            // A listener restarted months later still registers: K2HR3's long-lived registration token.
            ["K2hr3__Bootstrap__RoleTokenExpirySeconds"] = "0",

            // A deployment gets no demo data.
            ["K2hr3__Demo__Enabled"] = "false",
        };
        if (settings.AllowSelfSignedCert)
        {
            environment["K2hr3__Api__AllowSelfSignedCert"] = "true";
        }

        return new ComposeService
        {
            Image = ListenerImage,
            Command = [BootstrapCommandName],
            Environment = environment,
            Volumes = [$"{RegistrationVolume}:{RegistrationMountPath}"],
            DependsOn = listener.DependsOn?.Where(d => d.Key == K2hr3ClusterModel.ApiResourceName).ToDictionary(),
            Networks = new() { [NetworkName] = new ComposeServiceNetwork() },

            // No restart policy (compose's default "no"): a one-shot, done once it has written the token; every
            // `docker compose up` runs it again, which changes nothing but the token.
        };
    }

    /// <summary>
    /// The listener's own settings (sources, API URL, TLS option) come from the osnl project's environment in the model;
    /// what run mode resolves at run time is written here in compose terms: the broker URI and the HTTP port (the
    /// registration token file is added with the bootstrap service).
    /// </summary>
    private async Task<ComposeService> ListenerAsync(ComposeService rabbitmq, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var osnl = appModel.Resources.OfType<ProjectResource>().Single(r => r.Name == ListenerServiceName);
        var environment = (await PublishedEnvironment.EvaluateAsync(osnl, executionContext, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Key.StartsWith("Osnl__", StringComparison.Ordinal) || e.Key.StartsWith("K2hr3__", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);

        var user = rabbitmq.Environment?.GetValueOrDefault(RabbitMqUserVariable) ?? DefaultRabbitMqUser;
        environment["ConnectionStrings__rabbitmq"] = $"amqp://{user}:{ComposeVariable.RabbitMqPassword.Reference}@{RabbitMqServiceName}:5672/";
        environment["ASPNETCORE_URLS"] = FormattableString.Invariant($"http://+:{ComposeHealthchecks.ListenerHttpPort}");

        // The modelled API's run-mode URL is loopback; in compose it is the API container, straight (no proxy), so the
        // API sees the listener's own address. An existing API (K2hr3:Api:Url) is kept as configured.
        if (environment.TryGetValue(ApiUrlVariable, out var apiUrl) && apiUrl == cluster.ApiDirectUrl.AbsoluteUri)
        {
            var scheme = cluster.Api.Scheme == K2hr3Scheme.Https ? "https" : "http";
            environment[ApiUrlVariable] = FormattableString.Invariant($"{scheme}://{K2hr3ClusterModel.ApiResourceName}:{cluster.Api.Port}");
        }

        return new ComposeService
        {
            Image = ListenerImage,
            Environment = environment,
            Healthcheck = ComposeHealthchecks.Listener(),

            // The model's waits, minus those on what compose does not run (the bootstrap).
            DependsOn = Dependencies(osnl)?.Where(d => services.Contains(d.Key)).ToDictionary(),
            Networks = new() { [NetworkName] = new ComposeServiceNetwork() },
            Restart = RestartPolicy,
        };
    }
}
