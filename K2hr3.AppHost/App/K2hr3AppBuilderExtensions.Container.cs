namespace K2hr3.AppHost.App;

/// <summary>The containers half: the app image with the generated overlay (containers/k2hr3-app.sh).</summary>
public static partial class K2hr3AppBuilderExtensions
{
    private static K2hr3Component AddContainer(K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        var model = k2hr3.Model;
        var container = k2hr3.AddScriptContainer(new K2hr3AppContainerResource(K2hr3ClusterModel.AppResourceName), k2hr3.Options.Images.AppImage, "k2hr3-app.sh")
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
        PublishAsComposeService(k2hr3, container);
        return new K2hr3Component(container);
    }
}
