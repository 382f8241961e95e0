using System.Net;

namespace K2hr3.AppHost.App;

/// <summary>
/// k2hr3-app: this file is what both runtimes share (endpoint and probe); the container half is in
/// <c>K2hr3AppBuilderExtensions.Container.cs</c>, the process half in <c>K2hr3AppBuilderExtensions.Process.cs</c>.
/// </summary>
public static partial class K2hr3AppBuilderExtensions
{
    /// <summary><c>GET /</c> renders the web UI's page.</summary>
    internal static readonly HttpProbe PageProbe = new(HttpMethod.Get, "/", HttpStatusCode.OK, "the page is served");

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

    private static void AddEndpointAndProbe<T>(K2hr3ClusterBuilder k2hr3, IResourceBuilder<T> app, int? targetPort)
        where T : IResourceWithEndpoints
    {
        var model = k2hr3.Model;
        app.WithK2hr3Endpoint(model.App.Scheme, model.App.Port, targetPort, "K2HR3 Web");
        k2hr3.WithHttpProbe(app, $"{app.Resource.Name}-page", model.AppDirectUrl, PageProbe);
    }
}
