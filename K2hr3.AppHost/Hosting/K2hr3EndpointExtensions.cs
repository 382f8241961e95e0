namespace K2hr3.AppHost.Hosting;

internal static class K2hr3EndpointExtensions
{
    /// <summary>
    /// The endpoint of k2hr3-api or k2hr3-app, named after its scheme and shown as <paramref name="displayText"/>: a
    /// fixed, unproxied port — the rendered configuration names it, browsers and VMs use it, and the API must see its
    /// clients' real addresses.
    /// </summary>
    public static IResourceBuilder<T> WithK2hr3Endpoint<T>(this IResourceBuilder<T> resource, K2hr3Scheme scheme, int port, int? targetPort, string displayText)
        where T : IResourceWithEndpoints
    {
        var name = scheme.ToUriScheme();
        return resource
            .WithEndpoint(port: port, targetPort: targetPort, scheme: name, name: name, isProxied: false)
            .WithUrlForEndpoint(name, url => url.DisplayText = displayText);
    }
}
