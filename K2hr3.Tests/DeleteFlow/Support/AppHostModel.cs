using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace K2hr3.Tests.DeleteFlow.Support;

/// <summary>
/// The AppHost's model built from <c>--Key=Value</c> arguments, without starting DCP (milliseconds). Every model is
/// built for the processes runtime with no container runtime, so no probe runs and no container is expected.
/// </summary>
public sealed class AppHostModel : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private AppHostModel(DistributedApplication app)
    {
        _app = app;
        Model = app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    public DistributedApplicationModel Model { get; }

    public static readonly string[] ProcessesRuntime = ["--K2hr3:Runtime=processes", "--K2hr3:ContainerRuntimeAvailable=false"];

    public static async Task<AppHostModel> BuildAsync(params string[] args)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.K2hr3_AppHost>([.. ProcessesRuntime, .. args], cancellationToken);

        // The app is never started, so disposing it must not wait out the default 30 s for a shutdown that cannot come.
        appHost.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        return new AppHostModel(await appHost.BuildAsync(cancellationToken));
    }

    public IResource Resource(string name) => Model.Resources.Single(resource => resource.Name == name);

    public T Resource<T>(string name)
        where T : IResource
        => Assert.IsAssignableFrom<T>(Resource(name));

    public bool Has(string name) => Model.Resources.Any(resource => resource.Name == name);

    /// <summary>
    /// The environment the resource's callbacks produce, unresolved: strings stay strings, references stay value
    /// providers (resolving an endpoint would wait for DCP to allocate it).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, object>> EnvironmentAsync(IResourceWithEnvironment resource)
    {
        var context = new EnvironmentCallbackContext(_app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
