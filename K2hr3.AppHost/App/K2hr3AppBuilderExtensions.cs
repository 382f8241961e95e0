using System.Net;
using K2hr3.AppHost.Hosting;

namespace K2hr3.AppHost.App;

public static class K2hr3AppBuilderExtensions
{
    /// <summary><c>GET /</c> renders the web UI's page.</summary>
    public static readonly HttpProbe PageProbe = new(HttpMethod.Get, "/", HttpStatusCode.OK, "the page is served");

    /// <summary>
    /// Adds k2hr3-app. Its configuration points the browser at the API's public URL (the page calls the API directly);
    /// it waits for the API when the API can run here, and otherwise starts on its own.
    /// </summary>
    public static K2hr3Component AddK2hr3App(this K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        ArgumentNullException.ThrowIfNull(api);
        return k2hr3.Runtime == K2hr3Runtime.Containers ? AddContainer(k2hr3, api) : AddProcess(k2hr3, api);
    }

    private static K2hr3Component AddProcess(K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        var builder = k2hr3.ApplicationBuilder;
        var installation = k2hr3.Installation!;
        var problems = new[] { installation.App.Problem, installation.NodeProblem, k2hr3.PortConflicts.App }.OfType<string>().ToArray();
        if (problems.Length > 0)
        {
            var unavailable = builder.AddK2hr3Unavailable(K2hr3ClusterModel.AppResourceName, "k2hr3-app", string.Join("; ", problems));
            unavailable.WithRelationship(api.Resource.Resource, "Needs");
            return new K2hr3Component(unavailable);
        }

        var package = installation.App.Package!;

        // The package's own config/ first (menus, userdata and sidecar templates), then the generated overlay.
        var configDirs = string.Join(Path.PathSeparator, Path.Combine(package.Root, "config"), k2hr3.Model.Paths.AppConfigDir);
        var app = builder
            .AddResource(new K2hr3AppResource(K2hr3ClusterModel.AppResourceName, installation.Node!, package.Root))
            .WithArgs(package.EntryScript)
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("NODE_CONFIG_DIR", configDirs)
            .WaitForComponent(api)
            .ExcludeFromManifest();
        AddEndpointAndProbe(k2hr3, app, targetPort: null);
        return new K2hr3Component(app);
    }

    private static K2hr3Component AddContainer(K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        var model = k2hr3.Model;
        var images = k2hr3.Options.Images;
        var container = k2hr3.ApplicationBuilder
            .AddResource(new K2hr3AppContainerResource(K2hr3ClusterModel.AppResourceName))
            .WithImage(images.App, images.AppTag)
            .WithImageRegistry(images.Registry)
            .WithEntrypoint("/bin/sh")
            .WithArgs($"{ContainerPaths.Scripts}/k2hr3-app.sh")
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("K2HR3_APP_CONFIG_DIR", ContainerPaths.AppConfig)
            .WithBindMount(model.Paths.AppConfigDir, ContainerPaths.AppConfig, isReadOnly: true)
            .WithBindMount(model.Paths.ContainersDir, ContainerPaths.Scripts, isReadOnly: true)
            .WaitForComponent(api);
        if (model.App.Tls is not null)
        {
            K2hr3TlsMounts.Add(container, model.HostTls!);
        }

        AddEndpointAndProbe(k2hr3, container, targetPort: model.App.Port);
        return new K2hr3Component(container);
    }

    private static void AddEndpointAndProbe<T>(K2hr3ClusterBuilder k2hr3, IResourceBuilder<T> app, int? targetPort)
        where T : IResourceWithEndpoints
    {
        var model = k2hr3.Model;
        var scheme = model.App.Scheme == K2hr3Scheme.Https ? "https" : "http";
        app.WithEndpoint(port: model.App.Port, targetPort: targetPort, scheme: scheme, name: scheme, isProxied: false)
            .WithUrlForEndpoint(scheme, url => url.DisplayText = "K2HR3 Web");
        k2hr3.WithHttpProbe(app, $"{app.Resource.Name}-page", model.AppDirectUrl, PageProbe);
    }
}
