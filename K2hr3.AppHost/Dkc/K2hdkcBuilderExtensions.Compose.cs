using K2hr3.AppHost.Publishing;

namespace K2hr3.AppHost.Dkc;

/// <summary>The compose mapping: each data node container is a service, healthy once its chmpx is in service.</summary>
public static partial class K2hdkcBuilderExtensions
{
    private static void PublishAsComposeServices(K2hr3ClusterBuilder k2hr3, K2hdkcNodes nodes)
    {
        foreach (var (node, component) in k2hr3.Model.Dkc.Nodes.Zip(nodes.Nodes))
        {
            if (component.Resource.Resource is K2hdkcContainerResource container)
            {
                k2hr3.ApplicationBuilder.CreateResourceBuilder(container)
                    .PublishAsK2hr3ComposeService(ComposeHealthchecks.Chmpx(k2hr3.Model.ServerIniPath(node), ChmpxState.ServiceIn));
            }
        }
    }
}
