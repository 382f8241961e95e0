using System.Net;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace K2hr3.AppHost.Api;

public static class K2hr3ApiBuilderExtensions
{
    /// <summary><c>GET /</c> answers <c>{"version":["v1"]}</c> without touching k2hdkc.</summary>
    public static readonly HttpProbe RootProbe = new(HttpMethod.Get, "/", HttpStatusCode.OK, "the API answers");

    /// <summary>
    /// Adds k2hr3-api and its chmpx slave (<c>k2hr3-api-chmpx</c>, a child in the dashboard). The slave starts once
    /// every data node serves; the API once the slave is up, and is healthy when <c>GET /</c> answers and (dummyuserapi)
    /// k2hdkc answers through it: one token written at the first check, read back at every later one
    /// (<see cref="K2hdkcReadProbe"/>). Its configuration is rendered from the cluster model.
    /// </summary>
    public static K2hr3Component AddK2hr3Api(this K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        ArgumentNullException.ThrowIfNull(dataTier);
        var api = k2hr3.Runtime == K2hr3Runtime.Containers ? AddContainer(k2hr3, dataTier) : AddProcess(k2hr3, dataTier);
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

    private static K2hr3Component AddProcess(K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        var builder = k2hr3.ApplicationBuilder;
        var model = k2hr3.Model;
        var installation = k2hr3.Installation!;

        IResourceBuilder<IResource> slave;
        if (K2hdkcBuilderExtensions.ChmpxProblem(k2hr3) is { } chmpxProblem)
        {
            slave = builder.AddK2hr3Unavailable(model.Dkc.Slave.ResourceName, "chmpx", chmpxProblem);
        }
        else
        {
            var chmpx = K2hdkcBuilderExtensions.AddChmpxProcess(k2hr3, model.Dkc.Slave.ResourceName, ChmpxRole.Slave, model.SlaveIniPath, model.Dkc.Slave.ControlPort);
            foreach (var node in dataTier.Nodes)
            {
                chmpx.WaitForComponent(node);
            }

            k2hr3.WithChmpxStatus(chmpx, $"{model.Dkc.Slave.ResourceName}-up", new LocalChmpxStatus(installation.Dkc!.ChmpxStatus, model.SlaveIniPath, model.Dkc.Slave.ControlPort), [ChmpxState.Slave]);
            slave = chmpx;
        }

        var problems = new[]
        {
            installation.Api.Problem,
            installation.NodeProblem,
            k2hr3.PortConflicts.Api,
            dataTier.UnavailableReason is { } dkcProblem ? $"needs the data tier: {dkcProblem}" : null,
        }.OfType<string>().ToArray();

        IResourceBuilder<IResource> api;
        if (problems.Length > 0)
        {
            api = builder.AddK2hr3Unavailable(K2hr3ClusterModel.ApiResourceName, "k2hr3-api", string.Join("; ", problems));
        }
        else
        {
            var package = installation.Api.Package!;
            var process = k2hr3.WithLibraryPath(builder
                .AddResource(new K2hr3ApiResource(K2hr3ClusterModel.ApiResourceName, installation.Node!, package.Root))
                .WithArgs(package.EntryScript)
                .WithEnvironment("NODE_ENV", "production")
                .WithEnvironment("NODE_CONFIG_DIR", model.Paths.ApiConfigDir)
                .WaitFor(slave)
                .ExcludeFromManifest());
            AddEndpointAndProbes(k2hr3, process, targetPort: null);
            api = process;
        }

        slave.WithParentRelationship(api);
        return new K2hr3Component(api);
    }

    private static K2hr3Component AddContainer(K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        var model = k2hr3.Model;
        var images = k2hr3.Options.Images;
        var container = k2hr3.ApplicationBuilder
            .AddResource(new K2hr3ApiContainerResource(K2hr3ClusterModel.ApiResourceName))
            .WithImage(images.Api, images.ApiTag)
            .WithImageRegistry(images.Registry)
            .WithEntrypoint("/bin/sh")
            .WithArgs($"{ContainerPaths.Scripts}/k2hr3-api.sh")
            .WithEnvironment("K2HR3_CHMPX_INI", model.SlaveIniPath)
            .WithEnvironment("K2HR3_DEBUG_LEVEL", model.Dkc.DebugLevel)
            .WithEnvironment("NODE_ENV", "production")
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
        return new K2hr3Component(container);
    }

    private static void AddEndpointAndProbes<T>(K2hr3ClusterBuilder k2hr3, IResourceBuilder<T> api, int? targetPort)
        where T : IResourceWithEndpoints
    {
        var model = k2hr3.Model;
        var scheme = model.Api.Scheme == K2hr3Scheme.Https ? "https" : "http";

        // A fixed, unproxied port: the rendered configuration names it, the browser and VMs use it, and the API must see
        // its clients' real addresses.
        api.WithEndpoint(port: model.Api.Port, targetPort: targetPort, scheme: scheme, name: scheme, isProxied: false)
            .WithUrlForEndpoint(scheme, url => url.DisplayText = "K2HR3 API");
        if (!string.Equals(model.ApiPublicUrl.GetLeftPart(UriPartial.Authority), $"{scheme}://localhost:{model.Api.Port}", StringComparison.OrdinalIgnoreCase))
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
