using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Publishing;
using K2hr3.AppHost.RabbitMq;
using K2hr3.Bootstrap;

namespace K2hr3.AppHost.Osnl;

/// <summary>The listener and its one-shot bootstrap in the published compose file (both run the listener's image).</summary>
internal static class OsnlComposeServices
{
    /// <summary>
    /// The published deployment's one-shot bootstrap: the listener's image running <c>k2hr3-osnl bootstrap</c>, the same
    /// steps as run mode's osnl-bootstrap (K2hr3.Bootstrap). Credentials or an administrator's role token come from
    /// <c>.env</c>; the token it makes goes into the shared volume, never into this file. The listener waits for it
    /// to complete successfully.
    /// </summary>
    public static ComposeService Bootstrap(K2hr3BootstrapResource bootstrap, K2hr3ClusterModel cluster, ComposeService listener, ComposeFile compose)
    {
        compose.Volumes[ComposeWriter.RegistrationVolume] = new ComposeVolume();
        var settings = bootstrap.Settings;

        // The modelled API without Keystone (dummyuserapi) accepts any user name: "admin" unless .env names one.
        var dummyIdentity = bootstrap.Api is K2hr3ApiTarget.Modelled && cluster.Api.Keystone.IsDummy;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ComposeWriter.ApiUrlVariable] = listener.Environment![ComposeWriter.ApiUrlVariable],
            ["K2hr3__Api__UserName"] = dummyIdentity ? ComposeVariable.AdminUser.ReferenceWithDefault(K2hr3BootstrapSettings.DefaultUserName) : ComposeVariable.AdminUser.Reference,
            ["K2hr3__Api__Password"] = ComposeVariable.AdminPassword.Reference,
            [OsnlResourceBuilderExtensions.RegistrationTokenVariable] = ComposeVariable.RegistrationToken.Reference,
            ["K2hr3__Api__AdminTenant"] = ComposeVariable.Literal(settings.AdminTenant),
            ["K2hr3__Api__DeleteHostRole"] = ComposeVariable.Literal(settings.DelHostRole),
            [OsnlResourceBuilderExtensions.RegistrationTokenFileVariable] = ComposeWriter.RegistrationTokenPath,

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
            Image = ComposeWriter.ListenerImage,
            Command = [ComposeWriter.BootstrapCommandName],
            Environment = environment,
            Volumes = [$"{ComposeWriter.RegistrationVolume}:{ComposeWriter.RegistrationMountPath}"],
            DependsOn = listener.DependsOn?.Where(d => d.Key == K2hr3ClusterModel.ApiResourceName).ToDictionary(),
            Networks = new() { [ComposeWriter.NetworkName] = new ComposeServiceNetwork() },

            // No restart policy (compose's default "no"): a one-shot, done once it has written the token; every
            // `docker compose up` runs it again, which changes nothing but the token.
        };
    }

    /// <summary>
    /// The listener's own settings (sources, API URL, TLS option) come from the osnl project's environment in the model;
    /// what run mode resolves at run time is written here in compose terms: the broker URI and the HTTP port (the
    /// registration token file is added with the bootstrap service).
    /// </summary>
    public static async Task<ComposeService> ListenerAsync(DistributedApplicationModel appModel, K2hr3ClusterModel cluster, DistributedApplicationExecutionContext executionContext, ComposeService rabbitmq, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var osnl = appModel.Resources.OfType<ProjectResource>().Single(r => r.Name == OsnlResourceBuilderExtensions.ResourceName);
        var environment = (await PublishedEnvironment.EvaluateAsync(osnl, executionContext, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Key.StartsWith("Osnl__", StringComparison.Ordinal) || e.Key.StartsWith("K2hr3__", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);

        var user = rabbitmq.Environment?.GetValueOrDefault(ComposeWriter.RabbitMqUserVariable) ?? ComposeWriter.DefaultRabbitMqUser;
        environment["ConnectionStrings__rabbitmq"] = $"amqp://{user}:{ComposeVariable.RabbitMqPassword.Reference}@{RabbitMqResourceBuilderExtensions.ResourceName}:5672/";
        environment["ASPNETCORE_URLS"] = FormattableString.Invariant($"http://+:{ComposeHealthchecks.ListenerHttpPort}");

        // The modelled API's run-mode URL is loopback; in compose it is the API container, straight (no proxy), so the
        // API sees the listener's own address. An existing API (K2hr3:Api:Url) is kept as configured.
        if (environment.TryGetValue(ComposeWriter.ApiUrlVariable, out var apiUrl) && apiUrl == cluster.ApiDirectUrl.AbsoluteUri)
        {
            environment[ComposeWriter.ApiUrlVariable] = FormattableString.Invariant($"{cluster.Api.Scheme.ToUriScheme()}://{K2hr3ClusterModel.ApiResourceName}:{cluster.Api.Port}");
        }

        return new ComposeService
        {
            Image = ComposeWriter.ListenerImage,
            Environment = environment,
            Healthcheck = ComposeHealthchecks.Listener(),

            // The model's waits, minus those on what compose does not run (the bootstrap).
            DependsOn = ComposeWriter.Dependencies(osnl)?.Where(d => services.Contains(d.Key)).ToDictionary(),
            Networks = new() { [ComposeWriter.NetworkName] = new ComposeServiceNetwork() },
            Restart = ComposeWriter.RestartPolicy,
        };
    }
}
