namespace K2hr3.Tests.Support;

/// <summary>
/// The AppHost's model through the testing builder, inspected without building the app (a built app would run the
/// AppHost's entry point to <c>Run()</c> when disposed, i.e. start it for real) and without starting DCP.
/// </summary>
internal static class AppHostModel
{
    /// <summary>Lets a started test app run without Docker when a container is in the model (our test machines have none).</summary>
    public const string NoContainerRuntimeWait = "--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00";

    /// <summary>
    /// Without it every testing builder watches its configuration files with inotify; model tests create many builders,
    /// and a full run exhausted the per-user limit of 128 instances.
    /// </summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// Model tests use the default fixed ports; whether another process (a developer's AppHost) holds them must not change
    /// their outcome. Tests of the port check itself pass <c>--K2hr3:CheckPorts=true</c> (later arguments win).
    /// </summary>
    public const string NoPortCheck = "--K2hr3:CheckPorts=false";

    /// <summary>The processes runtime with no container runtime, so no probe runs (model and real-stack delete-flow tests).</summary>
    public static readonly string[] ProcessesRuntime = ["--K2hr3:Runtime=processes", "--K2hr3:ContainerRuntimeAvailable=false", NoConfigReload, NoPortCheck];

    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [NoPortCheck, .. args, NoContainerRuntimeWait, NoConfigReload], TestContext.Current.CancellationToken);

    /// <summary>The model for the processes runtime (<see cref="ProcessesRuntime"/>); <paramref name="args"/> may override it.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateForProcessesAsync(params string[] args) =>
        CreateAsync([.. ProcessesRuntime, .. args]);

    public static bool Has(this IDistributedApplicationTestingBuilder appHost, string name) =>
        appHost.Resources.Any(r => r.Name == name);

    public static IResource Get(this IDistributedApplicationTestingBuilder appHost, string name) =>
        appHost.Resources.Single(r => r.Name == name);

    public static T Get<T>(this IDistributedApplicationTestingBuilder appHost, string name)
        where T : IResource =>
        Assert.IsType<T>(appHost.Get(name));

    /// <summary>The K2HR3 components' resource names, sorted (other parts of the AppHost are left out).</summary>
    public static string[] K2hr3ResourceNames(this IDistributedApplicationTestingBuilder appHost) =>
        [.. appHost.Resources.Select(r => r.Name).Where(n => n.StartsWith("k2h", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Names of the resources <paramref name="resource"/> waits for (WaitFor).</summary>
    public static string[] WaitsFor(this IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order(StringComparer.Ordinal)];

    public static string[] HealthChecks(this IResource resource) =>
        [.. resource.Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Key).Order(StringComparer.Ordinal)];

    public static string? Parent(this IResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>().SingleOrDefault(r => r.Type == "Parent")?.Resource.Name;

    /// <summary>
    /// The environment the resource's callbacks produce in run mode, unresolved: strings stay strings, references
    /// stay value providers (resolving an endpoint would wait for DCP to allocate it).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, object>> EnvironmentAsync(IResourceWithEnvironment resource)
    {
        var context = new EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run),
            resource,
            cancellationToken: TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    /// <summary>Arguments and environment as DCP would get them in run mode.</summary>
    public static async Task<(string[] Args, Dictionary<string, string> Environment)> ExecutionAsync(this IResource resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance, TestContext.Current.CancellationToken);
        return ([.. result.Arguments.Select(a => a.Value)], result.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value));
    }
}
