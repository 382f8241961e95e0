using K2hr3.Bootstrap;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Osnl.Simulation;
using K2hr3.AppHost.RabbitMq;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace K2hr3.AppHost.Osnl;

/// <summary>Adds <c>osnl</c>, the K2HR3 OpenStack notification listener (the K2hr3.Osnl.Worker project), wired from the model.</summary>
public static class OsnlResourceBuilderExtensions
{
    public const string ResourceName = "osnl";
    public const string SourcesKey = "K2hr3:Osnl:Sources";

    /// <summary>Environment names the worker reads for self-registration (K2hr3.Osnl.Worker/Api/SelfRegistration*).</summary>
    public const string RegistrationTokenVariable = "K2hr3__Api__RegistrationToken";
    public const string RegistrationRoleVariable = "K2hr3__Api__RegistrationRole";
    public const string RegistrationTagVariable = "K2hr3__Api__RegistrationTag";
    public const string RegistrationTokenFileVariable = "K2hr3__Api__RegistrationTokenFile";
    public const string RegistrationRequiredVariable = "K2hr3__Api__RegistrationRequired";

    public const string NoBrokerReason =
        "no broker to consume from: rabbitmq cannot run here (its state says what to install or set: "
        + "K2hr3:RabbitMq:ServerPath, K2hr3:RabbitMq:Runtime, or ConnectionStrings:rabbitmq for an existing broker)";

    /// <summary>
    /// Adds <c>osnl</c>: broker from <paramref name="rabbitmq"/> (waits for it), <paramref name="api"/> (this model's
    /// <c>k2hr3-api</c> or an existing one, see <see cref="K2hr3ClusterApiTarget.ListenerApiTarget"/>) as
    /// <c>K2hr3__Api__Url</c>, the sources of <c>K2hr3:Osnl:Sources</c> (neutron + nova), a <c>/health</c> check, the
    /// simulate commands, and the role token of <paramref name="bootstrap"/> (shown as its child) that the listener
    /// registers itself with. When the broker cannot run here, <c>osnl</c> only explains why (like the cluster's other
    /// components that cannot run).
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="rabbitmq">The broker (see <c>AddK2hr3RabbitMq</c>).</param>
    /// <param name="api">The API the listener deletes through; null: none.</param>
    /// <param name="bootstrap">The listener's <c>osnl-bootstrap</c> (see <c>AddK2hr3Bootstrap</c>); null: none.</param>
    public static IResourceBuilder<IResource> AddK2hr3Osnl(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> rabbitmq,
        K2hr3ApiTarget? api,
        IResourceBuilder<K2hr3BootstrapResource>? bootstrap)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rabbitmq);

        // Nothing to consume without a broker. Waiting for one that can never start would also hold up the AppHost's
        // start itself: Aspire's StartAsync returns only once every resource that waits has been started.
        if (rabbitmq.Resource is RabbitMqUnavailableResource)
        {
            return builder.AddK2hr3Unavailable(ResourceName, "k2hr3-osnl", NoBrokerReason);
        }

        var sources = OsnlSource.Select(builder.Configuration[SourcesKey]);
        var settings = bootstrap?.Resource.Settings ?? K2hr3BootstrapBuilderExtensions.Settings(builder.Configuration, api);

        var osnl = builder.AddProject<Projects.K2hr3_Osnl_Worker>(ResourceName)
            .WithReference(rabbitmq)
            .WaitFor(rabbitmq)
            .WithEnvironment(context =>
            {
                foreach (var (name, value) in sources.SelectMany(s => s.EnvironmentVariables()))
                {
                    context.EnvironmentVariables[name] = value;
                }
            });

        osnl.WithListenerHealthCheck(builder);
        if (api is not null)
        {
            osnl.WithEnvironment("K2hr3__Api__Url", api.Url.AbsoluteUri);
            if (settings.AllowSelfSignedCert)
            {
                osnl.WithEnvironment("Osnl__k2hr3__allow_self_signed_cert", "true");
            }

            if (api is K2hr3ApiTarget.Modelled { Available: true } modelled)
            {
                osnl.WaitFor(builder.CreateResourceBuilder(modelled.Resource));
            }
        }

        if (bootstrap is not null)
        {
            // Shown under the listener in the dashboard: it exists for the listener.
            osnl.WithSelfRegistration(bootstrap.WithParentRelationship(osnl));
        }

        return osnl.WithSimulateCommands(rabbitmq.Resource, sources, settings);
    }

    /// <summary>The listener's <c>/health</c>, its reasons included (see <see cref="ListenerHealthCheck"/>).</summary>
    private static void WithListenerHealthCheck(this IResourceBuilder<ProjectResource> osnl, IDistributedApplicationBuilder builder)
    {
        var key = $"{ResourceName}_health";
        var endpoint = osnl.GetEndpoint("http");
        builder.Services.AddHttpClient(key, http => http.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            services => new ListenerHealthCheck(services.GetRequiredService<IHttpClientFactory>().CreateClient(key), endpoint),
            failureStatus: null,
            tags: null));
        osnl.WithHealthCheck(key);
    }

    /// <summary>
    /// The listener starts once the bootstrap holds a role token and receives it (with the role and its tag) as
    /// environment, then registers its own address — the one the API sees — in the delhost role.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithSelfRegistration(this IResourceBuilder<ProjectResource> osnl, IResourceBuilder<K2hr3BootstrapResource> bootstrap)
    {
        var skip = K2hr3BootstrapRunner.SkipReason(bootstrap.Resource.Settings, bootstrap.Resource.Api);
        if (skip is null)
        {
            osnl.WaitFor(bootstrap);
        }

        if (skip?.State != K2hr3BootstrapRunner.DisabledState)
        {
            // Registration is expected: without a token the listener reports itself unhealthy, saying why.
            osnl.WithEnvironment(RegistrationRequiredVariable, "true");
        }

        return osnl.WithEnvironment(async context =>
        {
            // Evaluated at every start of the listener: a restart late in the token's lifetime gets a renewed one.
            if (await bootstrap.Resource.GetRegistrationTokenAsync(context.CancellationToken).ConfigureAwait(false) is { } token)
            {
                context.EnvironmentVariables[RegistrationTokenVariable] = token;
                context.EnvironmentVariables[RegistrationRoleVariable] = bootstrap.Resource.Settings.DelHostRole;
                context.EnvironmentVariables[RegistrationTagVariable] = K2hr3BootstrapSettings.ListenerTag;
            }
        });
    }
}
