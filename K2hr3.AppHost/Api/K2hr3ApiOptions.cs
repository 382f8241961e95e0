namespace K2hr3.AppHost.Api;

/// <summary><c>K2hr3:Api</c>: k2hr3-api.</summary>
public sealed class K2hr3ApiOptions() : K2hr3NodeServerOptions(defaultPort: 18080)
{
    /// <summary>The API as browsers and VMs reach it (app apihost/apiport, userdata.baseuri); default <c>&lt;scheme&gt;://localhost:&lt;Port&gt;</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>k2hr3admin.tenant; default tenant0 with dummyuserapi (its tenants are tenant0..4), admin with Keystone.</summary>
    public string? AdminTenant { get; set; }

    /// <summary>
    /// The API's own log level, upstream's <c>--debuglevel</c> (NODE_DEBUG=LOGLEVEL_*): <c>dbg</c>, <c>msg</c>, <c>wan</c>,
    /// <c>err</c> (upstream's default) or <c>silent</c>.
    /// </summary>
    public string DebugLevel { get; set; } = "err";

    /// <summary>k2hr3admin.delhostrole: the role whose hosts may call <c>DELETE /v1/role?cuk=</c>.</summary>
    public string DeleteHostRole { get; set; } = "delhostrole";

    /// <summary>The API's install check (processes runtime): the package with its k2hdkc addon, or what to install or set.</summary>
    internal static NodePackageProbe Probe(K2hr3ApiOptions options, IReadOnlyList<string> npmGlobalRoots) =>
        NodePackageLocator.Probe("k2hr3-api", options.PackageDir, "K2hr3:Api:PackageDir", ["k2hdkc"], npmGlobalRoots);
}
