using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// The AppHost's model from <c>--Key=Value</c> arguments, inspected on the testing builder without building the app:
/// a built app would run the AppHost's entry point to <c>Run()</c> when disposed, i.e. start it for real. Every
/// model is built for the processes runtime with no container runtime, so no probe runs.
/// </summary>
public sealed class AppHostModel : IAsyncDisposable
{
    private readonly IDistributedApplicationTestingBuilder _builder;

    private AppHostModel(IDistributedApplicationTestingBuilder builder) => _builder = builder;

    public static readonly string[] ProcessesRuntime = ["--K2hr3:Runtime=processes", "--K2hr3:ContainerRuntimeAvailable=false", "--hostBuilder:reloadConfigOnChange=false", "--K2hr3:CheckPorts=false"];

    public static async Task<AppHostModel> BuildAsync(params string[] args)
        => new(await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>([.. ProcessesRuntime, .. args], TestContext.Current.CancellationToken));

    public IResource Resource(string name) => _builder.Resources.Single(resource => resource.Name == name);

    public T Resource<T>(string name)
        where T : IResource
        => Assert.IsAssignableFrom<T>(Resource(name));

    public bool Has(string name) => _builder.Resources.Any(resource => resource.Name == name);

    public IEnumerable<IResource> Resources => _builder.Resources;

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

    public ValueTask DisposeAsync() => _builder.DisposeAsync();
}
