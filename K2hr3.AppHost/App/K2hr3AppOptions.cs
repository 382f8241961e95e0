namespace K2hr3.AppHost.App;

/// <summary><c>K2hr3:App</c>: k2hr3-app.</summary>
public sealed class K2hr3AppOptions() : K2hr3NodeServerOptions(defaultPort: 18081)
{
    /// <summary>The app's install check (processes runtime): the package, or what to install or set.</summary>
    internal static NodePackageProbe Probe(K2hr3AppOptions options, IReadOnlyList<string> npmGlobalRoots) =>
        NodePackageLocator.Probe("k2hr3-app", options.PackageDir, "K2hr3:App:PackageDir", [], npmGlobalRoots);
}
