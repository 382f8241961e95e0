using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// The one description of a K2HR3 cluster that every generated file is rendered from (server/slave ini, API and app
/// configuration), with names, ports and paths as the selected runtime sees them. Rendering is pure, so a publish
/// step can write the same bytes. Made by <see cref="Create"/>.
/// </summary>
/// <param name="Runtime">The decided runtime (containers or processes).</param>
/// <param name="Paths">Host folders of the generated files.</param>
/// <param name="Dkc">The data tier's layout.</param>
/// <param name="Api">k2hr3-api's configuration (paths as the API sees them).</param>
/// <param name="App">k2hr3-app's configuration (paths as the app sees them).</param>
/// <param name="AppUrl">The app as the browser reaches it.</param>
/// <param name="HostTls">Host paths of the https key/cert/CA; null when both API and app use http.</param>
/// <param name="UsesDevelopmentCertificate">True when the AppHost must create <paramref name="HostTls"/> itself (https without user-supplied files).</param>
internal sealed record K2hr3ClusterModel(
    K2hr3Runtime Runtime, K2hr3Paths Paths, DkcTopology Dkc, K2hr3ApiConfig Api, K2hr3AppConfig App, Uri AppUrl, TlsFiles? HostTls, bool UsesDevelopmentCertificate)
{
    public const string ApiResourceName = "k2hr3-api";

    public const string AppResourceName = "k2hr3-app";

    /// <summary>The API as browsers and VMs reach it.</summary>
    public Uri ApiPublicUrl => Api.PublicUrl;

    /// <summary>
    /// The API on this host's loopback address: for the AppHost's health probes and for clients such as the listener,
    /// which must reach the API without a proxy hiding their IP (the delete-host role is keyed on it).
    /// </summary>
    public Uri ApiDirectUrl => new($"{Api.Scheme.ToUriScheme()}://127.0.0.1:{Api.Port}");

    /// <summary>The app on this host's loopback address (health probes).</summary>
    public Uri AppDirectUrl => new($"{AppUrl.Scheme}://127.0.0.1:{App.Port}");

    public static K2hr3ClusterModel Create(K2hr3Options options, K2hr3Runtime runtime, K2hr3Paths paths, KeystoneSettings keystone)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(keystone);
        if (runtime == K2hr3Runtime.Auto)
        {
            throw new ArgumentException("the model is built for a decided runtime (containers or processes)", nameof(runtime));
        }

        var usesHttps = options.Api.Scheme == K2hr3Scheme.Https || options.App.Scheme == K2hr3Scheme.Https;
        var userTls = options.Tls.CertFile is { Length: > 0 } certFile
            ? new TlsFiles(Path.GetFullPath(options.Tls.KeyFile!), Path.GetFullPath(certFile), Path.GetFullPath(options.Tls.CaFile!))
            : null;
        var hostTls = usesHttps
            ? userTls ?? new TlsFiles(Path.Combine(paths.TlsDir, "server.key"), Path.Combine(paths.TlsDir, "server.crt"), Path.Combine(paths.TlsDir, "ca.crt"))
            : null;
        var componentTls = hostTls is null ? null : runtime == K2hr3Runtime.Containers ? ContainerPaths.TlsFiles : hostTls;

        var dkc = runtime == K2hr3Runtime.Containers
            ? DkcTopology.ForContainers(options.Dkc, ApiResourceName)
            : DkcTopology.ForProcesses(options.Dkc, paths.K2hdkcDataDir);
        var etcDir = runtime == K2hr3Runtime.Containers ? DkcTopology.ContainerEtcDir : paths.EtcDir;

        var apiUrl = new Uri(options.Api.PublicUrl ?? $"{options.Api.Scheme.ToUriScheme()}://localhost:{options.Api.Port}");
        var adminTenant = options.Api.AdminTenant ?? (keystone.IsDummy ? "tenant0" : "admin");
        var api = new K2hr3ApiConfig(
            keystone,
            $"{etcDir}/{dkc.Slave.IniFileName}",
            dkc.Slave.ControlPort,
            options.Api.Scheme,
            options.Api.Port,
            apiUrl,
            adminTenant,
            options.Api.DeleteHostRole,
            options.Api.Scheme == K2hr3Scheme.Https ? componentTls : null,
            options.Api.DebugLevel.ToLowerInvariant());
        var app = new K2hr3AppConfig(options.App.Scheme, options.App.Port, apiUrl, options.App.Scheme == K2hr3Scheme.Https ? componentTls : null);
        var appUrl = new Uri($"{options.App.Scheme.ToUriScheme()}://localhost:{options.App.Port}");

        return new K2hr3ClusterModel(runtime, paths, dkc, api, app, appUrl, hostTls, usesHttps && userTls is null);
    }

    /// <summary>The ini file a server node's chmpx and k2hdkc read, as they see it.</summary>
    public string ServerIniPath(DkcNode node) => $"{ComponentEtcDir}/{node.IniFileName}";

    /// <summary>The slave's ini file, as the slave chmpx and the API see it.</summary>
    public string SlaveIniPath => $"{ComponentEtcDir}/{Dkc.Slave.IniFileName}";

    private string ComponentEtcDir => Runtime == K2hr3Runtime.Containers ? DkcTopology.ContainerEtcDir : Paths.EtcDir;

    /// <summary>Every generated file, relative to <see cref="K2hr3Paths.DataDir"/>.</summary>
    public IReadOnlyList<GeneratedFile> RenderFiles()
    {
        var files = Dkc.NodesWithDistinctIniFiles
            .Select(node => new GeneratedFile(Path.Combine("etc", node.IniFileName), ChmpxIniRenderer.RenderServer(Dkc, node)))
            .ToList();
        files.Add(new GeneratedFile(Path.Combine("etc", Dkc.Slave.IniFileName), ChmpxIniRenderer.RenderSlave(Dkc)));
        files.Add(new GeneratedFile(Path.Combine("api", K2hr3ApiConfigRenderer.FileName), K2hr3ApiConfigRenderer.Render(Api)));
        files.Add(new GeneratedFile(Path.Combine("app", K2hr3AppConfigRenderer.FileName), K2hr3AppConfigRenderer.Render(App)));
        return files;
    }
}
