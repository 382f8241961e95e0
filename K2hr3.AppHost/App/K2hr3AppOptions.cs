using K2hr3.AppHost.Hosting;

namespace K2hr3.AppHost.App;

/// <summary><c>K2hr3:App</c>: k2hr3-app.</summary>
public sealed class K2hr3AppOptions
{
    /// <summary>Processes mode: an installed k2hr3-app npm package or a built checkout.</summary>
    public string? PackageDir { get; set; }

    public int Port { get; set; } = 18081;

    public K2hr3Scheme Scheme { get; set; } = K2hr3Scheme.Http;

    /// <summary>The app's install check (processes runtime): the package, or what to install or set.</summary>
    internal static NodePackageProbe Probe(K2hr3AppOptions options, IReadOnlyList<string> npmGlobalRoots) =>
        NodePackageLocator.Probe("k2hr3-app", options.PackageDir, "K2hr3:App:PackageDir", [], npmGlobalRoots);
}
