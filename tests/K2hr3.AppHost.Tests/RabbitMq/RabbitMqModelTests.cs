namespace K2hr3.Tests.RabbitMq;

/// <summary>The <c>rabbitmq</c> resource in each mode, inspected in the built model (no DCP).</summary>
public class RabbitMqModelTests
{
    [Fact]
    public async Task ProcessesModeRunsAPrivateRabbitMqServerNode()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "k2hr3-model-rabbitmq");
        await using var model = await AppHostModel.CreateForProcessesAsync(
            "--K2hr3:RabbitMq:Port=41001",
            "--K2hr3:RabbitMq:DistPort=41002",
            "--K2hr3:RabbitMq:ManagementPort=41003",
            "--K2hr3:RabbitMq:NodeName=model-test@localhost",
            $"--K2hr3:RabbitMq:DataDirectory={dataDirectory}");

        var rabbitmq = model.Get<RabbitMqProcessResource>(RabbitMqResourceBuilderExtensions.ResourceName);
        Assert.Equal(RabbitMqProcessSettings.DefaultServerPath, rabbitmq.Command);
        Assert.Equal(dataDirectory, rabbitmq.WorkingDirectory);
        Assert.Equal(RabbitMqResourceBuilderExtensions.PasswordParameterName, rabbitmq.PasswordParameter.Name);
        Assert.True(rabbitmq.PasswordParameter.Secret);

        var amqp = Assert.Single(rabbitmq.Annotations.OfType<EndpointAnnotation>(), e => e.Name == RabbitMqProcessResource.AmqpEndpointName);
        Assert.Equal((41001, 41001, false), (amqp.Port, amqp.TargetPort, amqp.IsProxied));
        var management = Assert.Single(rabbitmq.Annotations.OfType<EndpointAnnotation>(), e => e.Name == RabbitMqProcessResource.ManagementEndpointName);
        Assert.Equal((41003, false), (management.Port, management.IsProxied));

        var environment = await AppHostModel.EnvironmentAsync(rabbitmq);
        Assert.Equal("model-test@localhost", environment["RABBITMQ_NODENAME"]);
        Assert.Equal("41001", environment["RABBITMQ_NODE_PORT"]);
        Assert.Equal("41002", environment["RABBITMQ_DIST_PORT"]);
        Assert.Equal(Path.Combine(dataDirectory, "mnesia"), environment["RABBITMQ_MNESIA_BASE"]);
        Assert.Equal(Path.Combine(dataDirectory, "log"), environment["RABBITMQ_LOG_BASE"]);
        Assert.Equal(Path.Combine(dataDirectory, "config", "rabbitmq"), environment["RABBITMQ_CONFIG_FILE"]);
        Assert.Equal(Path.Combine(dataDirectory, "config", "enabled_plugins"), environment["RABBITMQ_ENABLED_PLUGINS_FILE"]);
        Assert.Equal(Path.Combine(dataDirectory, "home"), environment["HOME"]);

        var connectionString = rabbitmq.ConnectionStringExpression;
        Assert.Equal("amqp://k2hr3:{rabbitmq-password.value}@127.0.0.1:{rabbitmq.bindings.amqp.port}/", connectionString.ValueExpression);
        Assert.Equal("uri", connectionString.StringFormats[0]); // the password is URI-escaped
        Assert.Contains(rabbitmq.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == RabbitMqResourceBuilderExtensions.AmqpHealthCheckName);
    }

    [Fact]
    public async Task ProcessesModeWithoutTheServerProgramExplainsItselfInsteadOfFailing()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync("--K2hr3:RabbitMq:ServerPath=/nonexistent/rabbitmq-server");

        var rabbitmq = model.Get<RabbitMqUnavailableResource>(RabbitMqResourceBuilderExtensions.ResourceName);
        Assert.Contains("/nonexistent/rabbitmq-server not found", rabbitmq.Reason, StringComparison.Ordinal);
        var initial = Assert.Single(rabbitmq.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot;
        Assert.Equal(K2hr3.AppHost.Hosting.K2hr3UnavailableResource.State, initial.State?.Text);
        Assert.Contains(initial.Properties, p => p.Name == K2hr3.AppHost.Hosting.K2hr3UnavailableResource.ReasonProperty && Equals(p.Value, rabbitmq.Reason));
    }

    [Fact]
    public async Task ContainersModeUsesTheRabbitMqImageWithTheManagementPlugin()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync("--K2hr3:RabbitMq:Runtime=containers");

        var rabbitmq = model.Get<RabbitMQServerResource>(RabbitMqResourceBuilderExtensions.ResourceName);
        var image = Assert.Single(rabbitmq.Annotations.OfType<ContainerImageAnnotation>());
        Assert.EndsWith("-management", image.Tag, StringComparison.Ordinal);
        Assert.Contains(rabbitmq.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "management");
        Assert.Equal(RabbitMqResourceBuilderExtensions.PasswordParameterName, rabbitmq.PasswordParameter.Name);
    }

    [Theory]
    [InlineData("rabbit://openstack:s3cret@10.0.0.1:5672,openstack:s3cret@10.0.0.2:5672/?amqp_durable_queues=true")]
    [InlineData("amqp://openstack:s3cret@127.0.0.1:5672/")]
    public async Task AnExistingBrokerIsTheConnectionStringPassedThroughUnchanged(string connectionString)
    {
        // The oslo form keeps its fail-over hosts and driver options: the worker understands it as is.
        await using var model = await AppHostModel.CreateForProcessesAsync($"--ConnectionStrings:rabbitmq={connectionString}");

        var rabbitmq = Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Get(RabbitMqResourceBuilderExtensions.ResourceName));
        Assert.IsNotType<RabbitMqProcessResource>(rabbitmq);
        Assert.Equal(connectionString, await rabbitmq.GetConnectionStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(rabbitmq.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == RabbitMqResourceBuilderExtensions.AmqpHealthCheckName);
    }

    [Fact]
    public async Task OnAutoTheBrokerFollowsTheClustersRuntime()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync("--K2hr3:Runtime=auto", "--K2hr3:ContainerRuntimeAvailable=true");
        model.Get<RabbitMQServerResource>(RabbitMqResourceBuilderExtensions.ResourceName);
    }

    [Theory]
    [InlineData("auto", K2hr3Runtime.Containers, K2hr3Runtime.Containers)]
    [InlineData("auto", K2hr3Runtime.Processes, K2hr3Runtime.Processes)]
    [InlineData("", K2hr3Runtime.Processes, K2hr3Runtime.Processes)]
    [InlineData("processes", K2hr3Runtime.Containers, K2hr3Runtime.Processes)]
    [InlineData("Containers", K2hr3Runtime.Processes, K2hr3Runtime.Containers)]
    public void TheBrokersRuntimeSettingWinsAndAutoFollowsTheCluster(string runtime, K2hr3Runtime cluster, K2hr3Runtime expected)
    {
        var configuration = Configuration((RabbitMqResourceBuilderExtensions.RuntimeKey, runtime));
        Assert.Equal(expected, RabbitMqResourceBuilderExtensions.SelectRuntime(configuration, cluster));
    }

    [Fact]
    public async Task TheBrokerSettingWinsOverTheGlobalRuntime()
    {
        await using var model = await AppHostModel.CreateForProcessesAsync("--K2hr3:Runtime=containers", "--K2hr3:RabbitMq:Runtime=processes");
        model.Get<RabbitMqProcessResource>(RabbitMqResourceBuilderExtensions.ResourceName);
    }

    [Fact]
    public void AConnectionStringMeansAnExistingBrokerWhateverTheRuntime()
    {
        var configuration = Configuration(("K2hr3:RabbitMq:Runtime", "processes"), ("ConnectionStrings:rabbitmq", "amqp://u:p@127.0.0.1:5672/"));
        Assert.True(RabbitMqResourceBuilderExtensions.UsesExistingBroker(configuration));
        Assert.False(RabbitMqResourceBuilderExtensions.UsesExistingBroker(Configuration(("K2hr3:RabbitMq:Runtime", "processes"))));
    }

    [Theory]
    [InlineData("K2hr3:Runtime", "vm")]
    [InlineData("K2hr3:RabbitMq:Runtime", "container")]
    public async Task AnUnknownRuntimeIsAConfigurationErrorNamingTheKeyAndValue(string key, string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AppHostModel.CreateForProcessesAsync($"--{key}={value}"));
        Assert.StartsWith($"{key}={value}: unknown runtime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPortsStayClearOfASystemBrokerAndOfTheEphemeralRange()
    {
        var settings = RabbitMqProcessSettings.FromConfiguration(Configuration(), "/opt/k2hr3-apphost");

        int[] ports = [settings.AmqpPort, settings.DistributionPort, settings.ManagementPort];
        // A system broker's AMQP, distribution and management ports, and epmd.
        Assert.All(ports, port => Assert.DoesNotContain(port, new[] { 5672, 25672, 15672, 4369 }));
        // Linux hands out 32768-60999 to outgoing connections; one holding the port would keep the broker from listening.
        Assert.All(ports, port => Assert.InRange(port, 1024, 32767));
        Assert.Equal("/opt/k2hr3-apphost/obj/k2hr3/rabbitmq", settings.DataDirectory);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
