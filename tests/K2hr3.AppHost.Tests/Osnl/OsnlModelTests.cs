namespace K2hr3.Tests.Osnl;

/// <summary><c>osnl</c> as the model wires it (no DCP): broker, API, sources, health, commands, bootstrap.</summary>
public class OsnlModelTests
{
    private const string ExistingApi = "http://127.0.0.1:41080";

    [Fact]
    public async Task TheListenerGetsTheBrokerTheExistingApiAndBothSources()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:Api:UserName=admin");

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        var environment = await AppHostModel.EnvironmentAsync(osnl);

        var connectionString = Assert.IsType<ConnectionStringReference>(environment["ConnectionStrings__rabbitmq"]);
        Assert.Equal(RabbitMqResourceBuilderExtensions.ResourceName, connectionString.Resource.Name);
        Assert.Equal(ExistingApi + "/", environment["K2hr3__Api__Url"]);

        Assert.Equal("neutron", environment["Osnl__Sources__neutron__exchange"]);
        Assert.Equal("notifications", environment["Osnl__Sources__neutron__topic"]);
        Assert.Equal("k2hr3_osnl", environment["Osnl__Sources__neutron__pool"]);
        Assert.Equal(@"^port\.delete\.end$", environment["Osnl__Sources__neutron__event_type"]);
        Assert.Equal("^network.*$", environment["Osnl__Sources__neutron__publisher_id"]);
        Assert.Equal("nova", environment["Osnl__Sources__nova__exchange"]);
        Assert.Equal("versioned_notifications", environment["Osnl__Sources__nova__topic"]);
        Assert.Equal("k2hr3_osnl_nova", environment["Osnl__Sources__nova__pool"]);
        Assert.Equal(@"^instance\.delete\.end$", environment["Osnl__Sources__nova__event_type"]);
        Assert.Equal("^nova-compute:.*$", environment["Osnl__Sources__nova__publisher_id"]);

        // Before the bootstrap ran there is no token to hand over (and nothing leaks into the model).
        Assert.False(environment.ContainsKey(OsnlResourceBuilderExtensions.RegistrationTokenVariable));
    }

    [Fact]
    public async Task TheListenerWaitsForTheBrokerAndTheBootstrapAndIsHealthCheckedOnItsHealthEndpoint()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:Api:UserName=admin");

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        var waitsFor = osnl.Annotations.OfType<WaitAnnotation>().Select(w => (w.Resource.Name, w.WaitType)).ToList();
        Assert.Contains((RabbitMqResourceBuilderExtensions.ResourceName, WaitType.WaitUntilHealthy), waitsFor);
        Assert.Contains((K2hr3BootstrapBuilderExtensions.ResourceName, WaitType.WaitUntilHealthy), waitsFor);
        // GET /health on the launch profile's http endpoint, its reasons carried into the dashboard (ListenerHealthCheck).
        Assert.Contains(osnl.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "osnl_health");

        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.IsType<K2hr3ApiTarget.Existing>(bootstrap.Api);
        Assert.Equal(new Uri(ExistingApi + "/"), bootstrap.Api.BaseUrl);
        Assert.Equal("tenant0", bootstrap.Settings.AdminTenant);
        Assert.Equal("delhostrole", bootstrap.Settings.DelHostRole);
        Assert.True(bootstrap.Settings.HasCredentials);
    }

    [Fact]
    public async Task WithoutABrokerTheListenerExplainsItselfAndNothingWaitsForEither()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:RabbitMq:ServerPath=/nonexistent/rabbitmq-server");

        var osnl = model.Get<K2hr3UnavailableResource>(OsnlResourceBuilderExtensions.ResourceName);
        Assert.Equal("k2hr3-osnl", osnl.Component);
        Assert.Equal(OsnlResourceBuilderExtensions.NoBrokerReason, osnl.Reason);
        var initial = Assert.Single(osnl.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot;
        Assert.Equal(K2hr3UnavailableResource.State, initial.State?.Text);
        Assert.Contains(initial.Properties, p => p.Name == K2hr3UnavailableResource.ReasonProperty && Equals(p.Value, osnl.Reason));

        // The bootstrap exists only for the listener; a resource waiting for the placeholder would never start (and
        // would keep the AppHost's StartAsync from returning).
        Assert.False(model.Has(K2hr3BootstrapBuilderExtensions.ResourceName));
        Assert.DoesNotContain(model.Resources, r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource.Name == RabbitMqResourceBuilderExtensions.ResourceName));
    }

    [Fact]
    public async Task TheSimulateCommandsAreOnTheListenerWithTheDemoVmAsDefaults()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:Demo:Cuk=0a1b2c3d-0000-4000-8000-000000000001", "--K2hr3:Demo:Ip=192.0.2.7");

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        var commands = osnl.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);

        var neutron = commands[SimulateCommands.NeutronPortDelete];
        Assert.Equal("Simulate neutron port delete", neutron.DisplayName);
        Assert.Equal(["0a1b2c3d-0000-4000-8000-000000000001", "192.0.2.7"], neutron.Arguments.Select(a => a.Value));
        var nova = commands[SimulateCommands.NovaInstanceDelete];
        Assert.Equal("Simulate nova instance delete", nova.DisplayName);
        Assert.Equal(["0a1b2c3d-0000-4000-8000-000000000001"], nova.Arguments.Select(a => a.Value));
    }

    [Fact]
    public async Task OnlyTheSelectedSourcesAreConsumedAndSimulated()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:Osnl:Sources=neutron");

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        var environment = await AppHostModel.EnvironmentAsync(osnl);
        Assert.Contains("Osnl__Sources__neutron__exchange", environment.Keys);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Osnl__Sources__nova__", StringComparison.Ordinal));
        Assert.Equal([SimulateCommands.NeutronPortDelete], osnl.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).Where(n => n.StartsWith("simulate-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnExistingApiGetsAdminCredentialsOnlyWhenAUserNameIsConfigured()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}");

        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.False(bootstrap.Settings.HasCredentials);
        Assert.Null(bootstrap.Settings.RegistrationToken);
    }

    [Fact]
    public async Task APremadeRoleTokenNeverAppearsInTheSettingsPrintout()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync($"--K2hr3:Api:Url={ExistingApi}", "--K2hr3:Api:RegistrationToken=premade-secret-token", "--K2hr3:Api:Password=admin-secret");

        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.Equal("premade-secret-token", bootstrap.Settings.RegistrationToken);
        Assert.DoesNotContain("premade-secret-token", bootstrap.Settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("admin-secret", bootstrap.Settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModelledApiIsCalledDirectlyOnLoopbackAndWaitedForWhenThisHostCanRunIt()
    {
        using var install = new K2hr3.Tests.AppHost.FakeInstallation();
        await using var model = await AppHostModel.CreateForProcessesAsync(install.Arguments);

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        var environment = await AppHostModel.EnvironmentAsync(osnl);
        Assert.Equal("http://127.0.0.1:18080/", environment["K2hr3__Api__Url"]); // no proxy: the API sees the listener's address
        Assert.Contains(osnl.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "k2hr3-api");

        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        var api = Assert.IsType<K2hr3ApiTarget.Modelled>(bootstrap.Api);
        Assert.True(api.Available);
        Assert.Contains(bootstrap.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "k2hr3-api");
        Assert.Equal(("tenant0", "delhostrole", true), (bootstrap.Settings.AdminTenant, bootstrap.Settings.DelHostRole, bootstrap.Settings.HasCredentials));
        Assert.Equal(OsnlResourceBuilderExtensions.ResourceName, bootstrap.Annotations.OfType<ResourceRelationshipAnnotation>().Single(r => r.Type == "Parent").Resource.Name);
    }

    [Fact]
    public async Task TheModelsAdminTenantAndDelHostRoleReachTheBootstrap()
    {
        using var install = new K2hr3.Tests.AppHost.FakeInstallation();
        await using var model = await AppHostModel.CreateForProcessesAsync([.. install.Arguments, "--K2hr3:Api:AdminTenant=tenant3", "--K2hr3:Api:DeleteHostRole=osnl-deleters"]);

        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.Equal(("tenant3", "osnl-deleters"), (bootstrap.Settings.AdminTenant, bootstrap.Settings.DelHostRole));
    }

    [Fact]
    public async Task AnApiThisHostCannotRunIsNotWaitedFor()
    {
        // Processes runtime with nothing installed: k2hr3-api is an "unavailable" placeholder.
        await using var model = await AppHostModel.CreateForProcessesAsync("--K2hr3:Dkc:BinDir=/nonexistent", "--K2hr3:Api:PackageDir=/nonexistent");

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        Assert.DoesNotContain(osnl.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "k2hr3-api");
        var bootstrap = model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName);
        Assert.False(Assert.IsType<K2hr3ApiTarget.Modelled>(bootstrap.Api).Available);
        Assert.Empty(bootstrap.Annotations.OfType<WaitAnnotation>());
    }

    [Fact]
    public async Task AnExistingApiUrlWinsOverTheModelledApi()
    {
        using var install = new K2hr3.Tests.AppHost.FakeInstallation();
        await using var model = await AppHostModel.CreateForProcessesAsync([.. install.Arguments, $"--K2hr3:Api:Url={ExistingApi}"]);

        var osnl = model.Get<ProjectResource>(OsnlResourceBuilderExtensions.ResourceName);
        Assert.Equal(ExistingApi + "/", (await AppHostModel.EnvironmentAsync(osnl))["K2hr3__Api__Url"]);
        Assert.DoesNotContain(osnl.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "k2hr3-api");
        Assert.IsType<K2hr3ApiTarget.Existing>(model.Get<K2hr3BootstrapResource>(K2hr3BootstrapBuilderExtensions.ResourceName).Api);
    }

    [Fact]
    public void AnUnknownSourceIsAConfigurationErrorNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OsnlSource.Select("neutron,glance"));
        Assert.StartsWith("K2hr3:Osnl:Sources=neutron,glance: unknown source 'glance'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://k2hr3.example.com", "https://k2hr3.example.com/")]
    [InlineData("https://k2hr3.example.com/v1/role", "https://k2hr3.example.com/")]
    [InlineData("http://127.0.0.1:18080/prefix/v1/role/", "http://127.0.0.1:18080/prefix/")]
    public void TheBootstrapTalksToTheBaseOfTheListenersApiUrl(string url, string expectedBase)
        => Assert.Equal(new Uri(expectedBase), new K2hr3ApiTarget.Existing(new Uri(url)).BaseUrl);
}
