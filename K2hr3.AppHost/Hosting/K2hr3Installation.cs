using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// What the processes runtime found on this host (Node.js here; the data tier's, API's and app's checks are in their
/// folders). Each missing piece carries a message saying what to install or
/// set; the model turns it into an "unavailable" resource instead of a process that would fail.
/// </summary>
internal sealed record K2hr3Installation(
    DkcBinaries? Dkc,
    string? DkcProblem,
    string? Node,
    string? NodeProblem,
    NodePackageProbe Api,
    NodePackageProbe App)
{
    /// <summary>Looks for everything the processes runtime needs (each component's own check); <paramref name="searchPath"/> is PATH.</summary>
    public static K2hr3Installation Detect(K2hr3Options options, string? searchPath, IReadOnlyList<string> npmGlobalRoots)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (dkc, dkcProblem) = DkcBinaries.Detect(options.Dkc, searchPath);
        var node = ExecutableLocator.Find(options.Node, directory: null, searchPath);
        var nodeProblem = node is null ? $"{options.Node} not found — install Node.js (20 or later) or set K2hr3:Node" : null;

        var api = K2hr3ApiOptions.Probe(options.Api, npmGlobalRoots);
        var app = K2hr3AppOptions.Probe(options.App, npmGlobalRoots);
        return new K2hr3Installation(dkc, dkcProblem, node, nodeProblem, api, app);
    }
}
