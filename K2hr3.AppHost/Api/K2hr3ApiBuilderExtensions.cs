using System.Net;
using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Api;

/// <summary>
/// k2hr3-api: this file is what both runtimes share (endpoint, probes, clients); the container half is in
/// <c>K2hr3ApiBuilderExtensions.Container.cs</c>, the process half in <c>K2hr3ApiBuilderExtensions.Process.cs</c>.
/// </summary>
public static partial class K2hr3ApiBuilderExtensions
{
    /// <summary><c>GET /</c> answers <c>{"version":["v1"]}</c> without touching k2hdkc.</summary>
    internal static readonly HttpProbe RootProbe = new(HttpMethod.Get, "/", HttpStatusCode.OK, "the API answers");

    /// <summary>
    /// Adds k2hr3-api. It starts once every data node serves and (processes) its chmpx slave
    /// <paramref name="chmpxSlave"/> is up — in the containers runtime the slave runs inside the API's container —, and
    /// is healthy when <c>GET /</c> answers and (dummyuserapi) k2hdkc answers through it: one token written at the first
    /// check, read back at every later one (<see cref="K2hdkcReadProbe"/>). Its configuration is rendered from the
    /// cluster model.
    /// </summary>
    public static K2hr3Component AddK2hr3Api(this K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier, K2hr3Component? chmpxSlave)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        ArgumentNullException.ThrowIfNull(dataTier);
        var api = k2hr3.Runtime == K2hr3Runtime.Containers
            ? AddContainer(k2hr3, dataTier)
            : AddProcess(k2hr3, dataTier, chmpxSlave ?? throw new ArgumentNullException(nameof(chmpxSlave), "the processes runtime runs the API's chmpx slave as its own resource (AddChmpxSlave)"));
        foreach (var parameter in k2hr3.KeystoneParameters)
        {
            api.Resource.WithReferenceRelationship(parameter);
        }

        return api;
    }

    /// <summary>
    /// Points a client of the API (e.g. the listener) at it: <c>K2hr3__Api__Url</c> = the API on 127.0.0.1 (no proxy
    /// in between, so the API sees the client's own address), waiting for it when it can run.
    /// </summary>
    public static IResourceBuilder<T> WithK2hr3Api<T>(this IResourceBuilder<T> builder, K2hr3ClusterBuilder k2hr3, K2hr3Component api)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(k2hr3);
        return builder
            .WithEnvironment("K2hr3__Api__Url", k2hr3.Model.ApiDirectUrl.GetLeftPart(UriPartial.Authority))
            .WaitForComponent(api);
    }

    private static void AddEndpointAndProbes<T>(K2hr3ClusterBuilder k2hr3, IResourceBuilder<T> api, int? targetPort)
        where T : IResourceWithEndpoints
    {
        var model = k2hr3.Model;
        api.WithK2hr3Endpoint(model.Api.Scheme, model.Api.Port, targetPort, "K2HR3 API");
        if (!string.Equals(model.ApiPublicUrl.GetLeftPart(UriPartial.Authority), $"{model.Api.Scheme.ToUriScheme()}://localhost:{model.Api.Port}", StringComparison.OrdinalIgnoreCase))
        {
            api.WithUrl(model.ApiPublicUrl.ToString(), "K2HR3 API (public URL)");
        }

        k2hr3.WithHttpProbe(api, $"{api.Resource.Name}-root", model.ApiDirectUrl, RootProbe);
        if (model.Api.Keystone.IsDummy)
        {
            // (With Keystone the token request would be a failed login there.)
            var probe = new K2hdkcReadProbe();
            k2hr3.WithK2hr3HealthCheck(
                api,
                $"{api.Resource.Name}-k2hdkc",
                sp => new K2hdkcReadHealthCheck(sp.GetRequiredService<IHttpClientFactory>().CreateClient(K2hr3HttpHealthCheck.HttpClientName), model.ApiDirectUrl, probe),
                TimeSpan.FromSeconds(10));
        }
    }
}
