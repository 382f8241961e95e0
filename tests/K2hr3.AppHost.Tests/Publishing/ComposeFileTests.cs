namespace K2hr3.Tests.Publishing;

/// <summary>The published docker-compose.yaml, parsed: the same topology, wiring and readiness order as run mode.</summary>
[Collection(PublishedDeploymentCollection.Name)]
public sealed class ComposeFileTests(PublishedDeployment deployment)
{
    private static readonly string[] DataNodes = ["k2hdkc-0", "k2hdkc-1"];

    [Fact]
    public void ServicesAreTheDataNodesApiAppBrokerAndListener()
    {
        Assert.Equal(["k2hdkc-0", "k2hdkc-1", "k2hr3-api", "k2hr3-app", "osnl", "osnl-bootstrap", "rabbitmq"], deployment.Services.Keys().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("k2hdkc-0", "docker.io/antpickax/k2hdkc:1.0.17")]
    [InlineData("k2hr3-api", "docker.io/antpickax/k2hr3-api:1.0.42")]
    [InlineData("k2hr3-app", "docker.io/antpickax/k2hr3-app:1.0.41")]
    [InlineData("rabbitmq", "docker.io/library/rabbitmq:4.3-management")]
    [InlineData("osnl", "k2hr3-osnl:0.1.0")]
    [InlineData("osnl-bootstrap", "k2hr3-osnl:0.1.0")]
    public void ServicesUseTheRunModeImagesAndTheListenerImage(string service, string image)
    {
        Assert.Equal(image, deployment.Service(service).Scalar("image"));
    }

    [Theory]
    [InlineData("k2hdkc-0", "k2hdkc-node.sh")]
    [InlineData("k2hdkc-1", "k2hdkc-node.sh")]
    [InlineData("k2hr3-api", "k2hr3-api.sh")]
    [InlineData("k2hr3-app", "k2hr3-app.sh")]
    public void K2hr3ServicesRunTheirEntrypointScriptWhichIsPublished(string service, string script)
    {
        var definition = deployment.Service(service);
        Assert.Equal(["/bin/sh"], definition.List("entrypoint"));
        Assert.Equal([$"{ContainerPaths.Scripts}/{script}"], definition.List("command"));
        Assert.Contains($"./containers:{ContainerPaths.Scripts}:ro", definition.List("volumes"));
        Assert.Equal(
            File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "containers", script)),
            File.ReadAllText(deployment.PathOf(Path.Combine("containers", script))));
    }

    [Fact]
    public void EveryBindMountSourceExistsInTheOutputAndConfigsAreReadOnly()
    {
        foreach (var service in deployment.Services.Keys())
        {
            var definition = deployment.Service(service);
            if (!definition.Has("volumes"))
            {
                continue;
            }

            foreach (var volume in definition.List("volumes").Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                var parts = volume.Split(':');
                Assert.True(Path.Exists(deployment.PathOf(parts[0])), $"{service}: {parts[0]} is not in the output");
                Assert.Equal("ro", parts[^1]);
            }
        }

        Assert.Contains($"./config/etc:{DkcTopology.ContainerEtcDir}:ro", deployment.Service("k2hdkc-0").List("volumes"));
        Assert.Contains($"./config/api:{ContainerPaths.ApiConfig}:ro", deployment.Service("k2hr3-api").List("volumes"));
        Assert.Contains($"./config/app:{ContainerPaths.AppConfig}:ro", deployment.Service("k2hr3-app").List("volumes"));
    }

    [Fact]
    public void DataNodesAndTheBrokerKeepStateInNamedVolumes()
    {
        Assert.Contains($"k2hdkc-0-data:{DkcTopology.ContainerDataDir}", deployment.Service("k2hdkc-0").List("volumes"));
        Assert.Contains($"k2hdkc-1-data:{DkcTopology.ContainerDataDir}", deployment.Service("k2hdkc-1").List("volumes"));
        Assert.Contains("rabbitmq-data:/var/lib/rabbitmq", deployment.Service("rabbitmq").List("volumes"));
        Assert.Equal(["k2hdkc-0-data", "k2hdkc-1-data", ComposeWriter.RegistrationVolume, "rabbitmq-data"], deployment.Compose.Map("volumes").Keys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EnvironmentMatchesRunModeAndTheListenerReachesBrokerAndApiDirectly()
    {
        var node0 = deployment.Service("k2hdkc-0").Map("environment");
        Assert.Equal("/etc/antpickax/server.ini", node0.Scalar("K2HR3_CHMPX_INI"));
        Assert.Equal("0", node0.Scalar("K2HR3_START_DELAY"));
        Assert.Equal("5", deployment.Service("k2hdkc-1").Map("environment").Scalar("K2HR3_START_DELAY"));

        var api = deployment.Service("k2hr3-api").Map("environment");
        Assert.Equal("/etc/antpickax/slave.ini", api.Scalar("K2HR3_CHMPX_INI"));
        Assert.Equal(ContainerPaths.ApiConfig, api.Scalar("NODE_CONFIG_DIR"));

        var osnl = deployment.Service("osnl").Map("environment");
        Assert.Equal("amqp://guest:${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD in .env or the environment}@rabbitmq:5672/", osnl.Scalar("ConnectionStrings__rabbitmq"));
        Assert.Equal("http://k2hr3-api:18080", osnl.Scalar("K2hr3__Api__Url"));
        var rabbitmq = deployment.Service("rabbitmq").Map("environment");
        Assert.Equal("${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD in .env or the environment}", rabbitmq.Scalar("RABBITMQ_DEFAULT_PASS"));
        Assert.Equal("guest", rabbitmq.Scalar("RABBITMQ_DEFAULT_USER"));
    }

    [Fact]
    public void ListenerSourcesAreTheOsnlResourcesModelEnvironment()
    {
        var osnl = deployment.Service("osnl").Map("environment");
        var expected = OsnlSource.Known.SelectMany(s => s.EnvironmentVariables()).ToList();
        // Written escaped ($$): the regexes end in '$', which compose would otherwise take for an interpolation.
        Assert.All(expected, variable => Assert.Equal(variable.Value.Replace("$", "$$", StringComparison.Ordinal), osnl.Scalar(variable.Key)));
        Assert.Equal(
            expected.Select(v => v.Key).Order(StringComparer.Ordinal),
            osnl.Keys().Where(k => k.StartsWith("Osnl__Sources__", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AOneShotBootstrapAuthorizesTheListenerWithCredentialsOrATokenFromEnv()
    {
        var bootstrap = deployment.Service(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.Equal(["bootstrap"], bootstrap.List("command"));
        Assert.False(bootstrap.Has("restart"), "a one-shot must not be restarted");
        Assert.Equal(["k2hr3-api"], bootstrap.Map("depends_on").Keys());
        Assert.Equal("service_healthy", bootstrap.Map("depends_on").Map("k2hr3-api").Scalar("condition"));

        var environment = bootstrap.Map("environment");
        Assert.Equal("http://k2hr3-api:18080", environment.Scalar("K2hr3__Api__Url"));
        Assert.Equal("${K2HR3_ADMIN_USER:-admin}", environment.Scalar("K2hr3__Api__UserName"));
        Assert.Equal("${K2HR3_ADMIN_PASSWORD:-}", environment.Scalar("K2hr3__Api__Password"));
        Assert.Equal("${K2HR3_REGISTRATION_TOKEN:-}", environment.Scalar(OsnlResourceBuilderExtensions.RegistrationTokenVariable));
        Assert.Equal(K2hr3BootstrapSettings.DefaultAdminTenant, environment.Scalar("K2hr3__Api__AdminTenant"));
        Assert.Equal(K2hr3BootstrapSettings.DefaultDelHostRole, environment.Scalar("K2hr3__Api__DeleteHostRole"));
        Assert.Equal("0", environment.Scalar("K2hr3__Bootstrap__RoleTokenExpirySeconds"));
        Assert.Equal("false", environment.Scalar("K2hr3__Demo__Enabled"));
        Assert.Equal(ComposeWriter.RegistrationTokenPath, environment.Scalar(OsnlResourceBuilderExtensions.RegistrationTokenFileVariable));
        Assert.Equal([$"{ComposeWriter.RegistrationVolume}:{ComposeWriter.RegistrationMountPath}"], bootstrap.List("volumes"));

        // The listener reads the token the bootstrap wrote, once the bootstrap has exited 0; no token in its environment.
        var osnl = deployment.Service("osnl");
        var listener = osnl.Map("environment");
        Assert.False(listener.Has(OsnlResourceBuilderExtensions.RegistrationTokenVariable));
        Assert.Equal(ComposeWriter.RegistrationTokenPath, listener.Scalar(OsnlResourceBuilderExtensions.RegistrationTokenFileVariable));
        Assert.Equal("true", listener.Scalar(OsnlResourceBuilderExtensions.RegistrationRequiredVariable));
        Assert.Equal(K2hr3BootstrapSettings.DefaultDelHostRole, listener.Scalar(OsnlResourceBuilderExtensions.RegistrationRoleVariable));
        Assert.Equal(K2hr3BootstrapSettings.ListenerTag, listener.Scalar(OsnlResourceBuilderExtensions.RegistrationTagVariable));
        Assert.Equal([$"{ComposeWriter.RegistrationVolume}:{ComposeWriter.RegistrationMountPath}"], osnl.List("volumes"));
        Assert.Equal("service_completed_successfully", osnl.Map("depends_on").Map(K2hr3BootstrapBuilderExtensions.ResourceName).Scalar("condition"));
    }

    [Fact]
    public void DataNodeHealthcheckIsTheRunModeChmpxServiceinProbe()
    {
        foreach (var node in DataNodes)
        {
            Assert.Equal(
                ["CMD", "chmpxstatus", "-conf", "/etc/antpickax/server.ini", .. ChmpxState.ServiceIn.WaitArguments],
                deployment.Service(node).Map("healthcheck").List("test"));
        }
    }

    [Fact]
    public void ApiAndAppHealthchecksSendTheRunModeHttpProbes()
    {
        // Scripts go as one sh string (CMD-SHELL): Podman's Docker API splits exec-form arguments at spaces.
        var api = deployment.Service("k2hr3-api").Map("healthcheck").List("test");
        Assert.Equal("CMD-SHELL", api[0]);
        Assert.StartsWith("'node' '-e' ", api[1], StringComparison.Ordinal);
        Assert.Equal(ComposeHealthchecks.ApiK2hdkc(K2hr3Scheme.Http, 18080).Test, api);
        Assert.Contains("port:18080", api[1], StringComparison.Ordinal);

        var app = deployment.Service("k2hr3-app").Map("healthcheck").List("test");
        Assert.Contains("[[\"GET\",\"/\",200]]", app[1], StringComparison.Ordinal);
        Assert.Contains("port:18081", app[1], StringComparison.Ordinal);

        Assert.Equal(["CMD", "rabbitmq-diagnostics", "-q", "check_port_connectivity"], deployment.Service("rabbitmq").Map("healthcheck").List("test"));
        Assert.Equal("CMD-SHELL", deployment.Service("osnl").Map("healthcheck").List("test")[0]);
        Assert.Contains("GET /health", deployment.Service("osnl").Map("healthcheck").List("test")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ServicesStartInReadinessOrderThroughHealthyDependencies()
    {
        Dictionary<string, string[]> expected = new()
        {
            ["k2hr3-api"] = DataNodes,
            ["k2hr3-app"] = ["k2hr3-api"],
            ["osnl"] = ["k2hr3-api", "osnl-bootstrap", "rabbitmq"],
            ["osnl-bootstrap"] = ["k2hr3-api"],
        };
        foreach (var service in deployment.Services.Keys())
        {
            var definition = deployment.Service(service);
            var dependsOn = definition.Has("depends_on") ? definition.Map("depends_on") : null;
            Assert.Equal(expected.GetValueOrDefault(service, []), dependsOn?.Keys().Order(StringComparer.Ordinal).ToArray() ?? []);
            foreach (var dependency in dependsOn?.Keys().Where(d => d != K2hr3BootstrapBuilderExtensions.ResourceName) ?? [])
            {
                Assert.Equal("service_healthy", dependsOn!.Map(dependency).Scalar("condition"));
                Assert.True(deployment.Service(dependency).Has("healthcheck"), $"{service} waits for {dependency}, which has no healthcheck");
            }
        }
    }

    [Fact]
    public void EveryChmpxNameInThePublishedIniFilesIsANetworkAlias()
    {
        var aliases = deployment.Services.Keys()
            .Where(s => deployment.Service(s).Map("networks").Map(ComposeWriter.NetworkName).Has("aliases"))
            .SelectMany(s => deployment.Service(s).Map("networks").Map(ComposeWriter.NetworkName).List("aliases"))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var ini in new[] { "server.ini", "slave.ini" })
        {
            var names = IniDocument.Parse(File.ReadAllText(deployment.PathOf(Path.Combine("config", "etc", ini))))
                .Sections.Where(s => s.Name is "SVRNODE" or "SLVNODE")
                .Select(s => s["NAME"])
                .Where(n => !n.Contains('[', StringComparison.Ordinal) && !n.Contains('*', StringComparison.Ordinal));
            Assert.All(names, name => Assert.Contains(name, aliases));
        }
    }
}
