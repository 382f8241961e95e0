using K2hr3.AppHost.Publishing;

namespace K2hr3.AppHost.Api;

/// <summary>The compose mapping: the API container is a service whose healthcheck runs the run-mode probes inside it.</summary>
public static partial class K2hr3ApiBuilderExtensions
{
    private static void PublishAsComposeService(K2hr3ClusterBuilder k2hr3, IResourceBuilder<K2hr3ApiContainerResource> container)
    {
        var api = k2hr3.Model.Api;
        container.PublishAsK2hr3ComposeService(api.Keystone.IsDummy
            ? ComposeHealthchecks.ApiK2hdkc(api.Scheme, api.Port)
            : ComposeHealthchecks.Http(api.Scheme, api.Port, [RootProbe]));
    }
}
