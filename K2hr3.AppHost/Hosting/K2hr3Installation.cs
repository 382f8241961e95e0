namespace K2hr3.AppHost.Hosting;

/// <summary>Full paths of the chmpx/k2hdkc programs the processes runtime starts.</summary>
/// <remarks><paramref name="ChmpxLineTool"/> (chmpx package) lets the AppHost keep nodes in the ring; without it that is off.</remarks>
public sealed record DkcBinaries(string Chmpx, string ChmpxStatus, string K2hdkc, string? ChmpxLineTool = null);

/// <summary>
/// What the processes runtime found on this host. Each missing piece carries a message saying what to install or
/// set; the model turns it into an "unavailable" resource instead of a process that would fail.
/// </summary>
public sealed record K2hr3Installation(
    DkcBinaries? Dkc,
    string? DkcProblem,
    string? Node,
    string? NodeProblem,
    NodePackageProbe Api,
    NodePackageProbe App)
{
    public const string DkcInstallHint = "install chmpx and k2hdkc (packagecloud.io antpickax/stable)";

    /// <summary>Looks for everything the processes runtime needs; <paramref name="searchPath"/> is PATH.</summary>
    public static K2hr3Installation Detect(K2hr3Options options, string? searchPath, IReadOnlyList<string> npmGlobalRoots)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binDir = options.Dkc.BinDir;
        var chmpx = ExecutableLocator.Find("chmpx", binDir, searchPath);
        var chmpxStatus = ExecutableLocator.Find("chmpxstatus", binDir, searchPath);
        var k2hdkc = ExecutableLocator.Find("k2hdkc", binDir, searchPath);

        DkcBinaries? dkc = null;
        string? dkcProblem = null;
        if (chmpx is not null && chmpxStatus is not null && k2hdkc is not null)
        {
            dkc = new DkcBinaries(chmpx, chmpxStatus, k2hdkc, ExecutableLocator.Find("chmpxlinetool", binDir, searchPath));
        }
        else
        {
            var missing = string.Join(", ", new[] { ("chmpx", chmpx), ("chmpxstatus", chmpxStatus), ("k2hdkc", k2hdkc) }
                .Where(p => p.Item2 is null).Select(p => p.Item1));
            dkcProblem = binDir is null
                ? $"{missing} not found on PATH — {DkcInstallHint} or set K2hr3:Dkc:BinDir"
                : $"{missing} not found in K2hr3:Dkc:BinDir = {binDir} — {DkcInstallHint} or fix K2hr3:Dkc:BinDir";
        }

        var node = ExecutableLocator.Find(options.Node, directory: null, searchPath);
        var nodeProblem = node is null ? $"{options.Node} not found — install Node.js (20 or later) or set K2hr3:Node" : null;

        var api = NodePackageLocator.Probe("k2hr3-api", options.Api.PackageDir, "K2hr3:Api:PackageDir", ["k2hdkc"], npmGlobalRoots);
        var app = NodePackageLocator.Probe("k2hr3-app", options.App.PackageDir, "K2hr3:App:PackageDir", [], npmGlobalRoots);
        return new K2hr3Installation(dkc, dkcProblem, node, nodeProblem, api, app);
    }
}
