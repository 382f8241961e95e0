using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Hosting;

/// <summary>HTTP scheme of the API and the app.</summary>
public enum K2hr3Scheme
{
    Http,
    Https,
}

internal static class K2hr3SchemeExtensions
{
    /// <summary>The URI scheme: <c>http</c> or <c>https</c>.</summary>
    public static string ToUriScheme(this K2hr3Scheme scheme) => scheme == K2hr3Scheme.Https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
}

/// <summary>AppHost settings for the K2HR3 cluster, bound from the <c>K2hr3</c> configuration section.</summary>
public sealed class K2hr3Options
{
    public const string SectionName = "K2hr3";

    /// <summary>containers | processes | auto (<see cref="K2hr3RuntimeSelector"/>).</summary>
    public K2hr3Runtime Runtime { get; set; } = K2hr3Runtime.Auto;

    /// <summary>Container CLI used for the auto probe and health checks; default ASPIRE_CONTAINER_RUNTIME, else docker.</summary>
    public string? ContainerRuntime { get; set; }

    /// <summary>Skips the auto probe when set (true = a container runtime answers).</summary>
    public bool? ContainerRuntimeAvailable { get; set; }

    /// <summary>Where generated files and process-mode data go; default <c>&lt;AppHost&gt;/obj/k2hr3</c>.</summary>
    public string? DataDir { get; set; }

    /// <summary>The repository's <c>containers/</c> folder (entrypoints, chmpx wrapper); default <c>&lt;AppHost&gt;/../containers</c>.</summary>
    public string? ContainersDir { get; set; }

    /// <summary>Processes runtime: check before start that no other process holds the fixed ports (see PortConflicts).</summary>
    public bool CheckPorts { get; set; } = true;

    /// <summary>Node.js command for the API and app in processes mode.</summary>
    public string Node { get; set; } = "node";

    /// <summary><c>K2hr3:Upstream</c>: a from-source build of the upstream software (eng/build-upstream.sh).</summary>
    public K2hr3UpstreamOptions Upstream { get; set; } = new();

    public K2hdkcOptions Dkc { get; set; } = new();

    public K2hr3ApiOptions Api { get; set; } = new();

    public K2hr3AppOptions App { get; set; } = new();

    public K2hr3TlsOptions Tls { get; set; } = new();

    public K2hr3ImageOptions Images { get; set; } = new();
}

/// <summary>
/// <c>K2hr3:Upstream</c>. <see cref="Prefix"/> is what <c>eng/build-upstream.sh</c> prints: one folder holding
/// <c>bin/</c>, <c>lib/</c>, <c>k2hr3-api/</c> and <c>k2hr3-app/</c>. It stands for <c>K2hr3:Dkc:BinDir</c>,
/// <c>K2hr3:Dkc:LibDir</c>, <c>K2hr3:Api:PackageDir</c> and <c>K2hr3:App:PackageDir</c>; any of those set explicitly wins.
/// </summary>
public sealed class K2hr3UpstreamOptions
{
    public string? Prefix { get; set; }

    /// <summary>Fills the settings the prefix stands for, leaving explicit ones as they are.</summary>
    internal void ApplyTo(K2hr3Options options)
    {
        if (string.IsNullOrWhiteSpace(Prefix))
        {
            return;
        }

        options.Dkc.BinDir ??= Path.Combine(Prefix, "bin");
        options.Dkc.LibDir ??= Path.Combine(Prefix, "lib");
        options.Api.PackageDir ??= Path.Combine(Prefix, "k2hr3-api");
        options.App.PackageDir ??= Path.Combine(Prefix, "k2hr3-app");
    }
}

/// <summary>
/// <c>K2hr3:Tls</c>: certificate for https API/app. Without files the AppHost makes a development CA and a
/// localhost certificate under <c>&lt;DataDir&gt;/tls</c>.
/// </summary>
public sealed class K2hr3TlsOptions
{
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    public string? CaFile { get; set; }
}

/// <summary><c>K2hr3:Images</c>: container images (containers mode).</summary>
public sealed class K2hr3ImageOptions
{
    public string Registry { get; set; } = K2hdkcContainerImageTags.Registry;

    public string K2hdkc { get; set; } = K2hdkcContainerImageTags.Image;

    public string K2hdkcTag { get; set; } = K2hdkcContainerImageTags.Tag;

    public string Api { get; set; } = K2hr3ApiContainerImageTags.Image;

    public string ApiTag { get; set; } = K2hr3ApiContainerImageTags.Tag;

    public string App { get; set; } = K2hr3AppContainerImageTags.Image;

    public string AppTag { get; set; } = K2hr3AppContainerImageTags.Tag;

    internal ContainerImageReference K2hdkcImage => new(K2hdkc, K2hdkcTag);

    internal ContainerImageReference ApiImage => new(Api, ApiTag);

    internal ContainerImageReference AppImage => new(App, AppTag);

    /// <summary>
    /// The broker's image as one reference (<c>localhost/k2hr3/rabbitmq:3.10.8</c>, what <c>eng/build-images.sh</c>
    /// builds from Debian's rabbitmq-server); default: Aspire.Hosting.RabbitMQ's own image.
    /// </summary>
    public string? RabbitMq { get; set; }
}
