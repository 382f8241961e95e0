using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Api;

/// <summary>The containers half: the API image runs the API and its chmpx slave (containers/k2hr3-api.sh).</summary>
public static partial class K2hr3ApiBuilderExtensions
{
    private static K2hr3Component AddContainer(K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        var model = k2hr3.Model;
        var container = k2hr3.AddScriptContainer(new K2hr3ApiContainerResource(K2hr3ClusterModel.ApiResourceName), k2hr3.Options.Images.ApiImage, "k2hr3-api.sh")
            .WithEnvironment("K2HR3_CHMPX_INI", model.SlaveIniPath)
            .WithEnvironment("K2HR3_DEBUG_LEVEL", model.Dkc.DebugLevel)
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("NODE_DEBUG", model.Api.NodeDebug)
            .WithEnvironment("NODE_CONFIG_DIR", ContainerPaths.ApiConfig)
            .WithBindMount(model.Paths.EtcDir, DkcTopology.ContainerEtcDir, isReadOnly: true)
            .WithBindMount(model.Paths.ApiConfigDir, ContainerPaths.ApiConfig, isReadOnly: true)
            .WithBindMount(model.Paths.ContainersDir, ContainerPaths.Scripts, isReadOnly: true)
            .WithSysctls(new Dictionary<string, string> { [ContainerSysctls.MqueueMessageMax] = model.Dkc.Tuning.MqueueMessageMax.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (model.Api.Tls is not null)
        {
            K2hr3TlsMounts.Add(container, model.HostTls!);
        }

        foreach (var node in dataTier.Nodes)
        {
            container.WaitForComponent(node);
        }

        AddEndpointAndProbes(k2hr3, container, targetPort: model.Api.Port);
        PublishAsComposeService(k2hr3, container);
        return new K2hr3Component(container);
    }
}
