using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace K2hr3.Tests.AppHost;

/// <summary>Builds the AppHost's model through the testing builder without starting DCP.</summary>
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

    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>(
            [NoPortCheck, .. args, NoContainerRuntimeWait, NoConfigReload], TestContext.Current.CancellationToken);

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
