using K2hr3.AppHost.RabbitMq;
using K2hr3.Bootstrap;

namespace K2hr3.AppHost.Osnl.Bootstrap;

/// <summary>Adds the <c>osnl-bootstrap</c> resource (see <see cref="K2hr3BootstrapResource"/>).</summary>
public static class K2hr3BootstrapBuilderExtensions
{
    public const string ResourceName = "osnl-bootstrap";

    /// <summary>
    /// Adds <c>osnl-bootstrap</c>, which authorizes the listener at <paramref name="api"/> (delhost role, role token) and
    /// seeds a demo role. It exists for the listener of <paramref name="rabbitmq"/>: when that broker cannot run here
    /// there is no listener, and this returns null (a resource left waiting would also hold up the AppHost's start).
    /// </summary>
    public static IResourceBuilder<K2hr3BootstrapResource>? AddK2hr3Bootstrap(this IDistributedApplicationBuilder builder, K2hr3ApiTarget api, IResourceBuilder<IResourceWithConnectionString> rabbitmq)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(rabbitmq);
        if (rabbitmq.Resource is RabbitMqUnavailableResource)
        {
            return null;
        }

        var settings = Settings(builder.Configuration, api);
        var bootstrap = builder.AddResource(new K2hr3BootstrapResource(ResourceName, settings, api))
            .WithIconName("KeyMultiple")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Bootstrap",
                State = KnownResourceStates.Waiting,
                Properties = [new ResourcePropertySnapshot(K2hr3BootstrapRunner.StepProperty, "waiting") { DisplayName = K2hr3BootstrapRunner.StepDisplayName, IsHighlighted = true }],
            })
            .ExcludeFromManifest()
            .OnInitializeResource(RunAsync);

        // An API this host cannot run is never waited for (the runner skips then).
        if (api is K2hr3ApiTarget.Modelled { Available: true } modelled)
        {
            bootstrap.WaitFor(builder.CreateResourceBuilder(modelled.Resource));
        }

        return bootstrap;
    }

    /// <summary>K2hr3:Api:* / K2hr3:Bootstrap:* with, for the modelled API, the admin tenant and delhost role it was configured with.</summary>
    internal static K2hr3BootstrapSettings Settings(IConfiguration configuration, K2hr3ApiTarget? api) =>
        K2hr3BootstrapSettings.FromConfiguration(
            configuration,
            api is K2hr3ApiTarget.Modelled modelled ? new K2hr3BootstrapSettings.ModelledApiAdmin(modelled.AdminTenant, modelled.DeleteHostRole) : null);

    private static async Task RunAsync(K2hr3BootstrapResource resource, InitializeResourceEvent initialize, CancellationToken _)
    {
        // Runs for minutes at most: bound to the AppHost's lifetime, not to the start-up event.
        var stopping = initialize.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await initialize.Notifications.WaitForDependenciesAsync(resource, stopping).ConfigureAwait(false);
            await initialize.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, initialize.Services), stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        // Lives as long as the AppHost: the listener's later starts may renew the role token through it.
        var http = K2hr3AdminClient.CreateHttpClient(resource.Settings.AllowSelfSignedCert);
        stopping.Register(http.Dispose);
        var runner = new K2hr3BootstrapRunner(resource, initialize.Notifications, initialize.Logger, TimeProvider.System);
        await runner.RunAsync(http, stopping).ConfigureAwait(false);
    }
}
