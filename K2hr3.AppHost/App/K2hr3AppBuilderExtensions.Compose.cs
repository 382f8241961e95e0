using K2hr3.AppHost.Publishing;

namespace K2hr3.AppHost.App;

/// <summary>The compose mapping: the app container is a service, healthy once its page is served.</summary>
public static partial class K2hr3AppBuilderExtensions
{
    private static void PublishAsComposeService(K2hr3ClusterBuilder k2hr3, IResourceBuilder<K2hr3AppContainerResource> container) =>
        container.PublishAsK2hr3ComposeService(ComposeHealthchecks.Http(k2hr3.Model.App.Scheme, k2hr3.Model.App.Port, [PageProbe]));
}
