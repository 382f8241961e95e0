namespace K2hr3.AppHost.Dkc;

/// <summary>Full paths of the chmpx/k2hdkc programs the processes runtime starts.</summary>
/// <remarks><paramref name="ChmpxLineTool"/> (chmpx package) lets the AppHost keep nodes in the ring; without it that is off.</remarks>
internal sealed record DkcBinaries(string Chmpx, string ChmpxStatus, string K2hdkc, string? ChmpxLineTool = null)
{
    public const string InstallHint = "install chmpx and k2hdkc (packagecloud.io antpickax/stable)";

    /// <summary>The data tier's install check: the programs in <c>K2hr3:Dkc:BinDir</c> or on <paramref name="searchPath"/>, or what to install or set.</summary>
    public static (DkcBinaries? Binaries, string? Problem) Detect(K2hdkcOptions options, string? searchPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binDir = options.BinDir;
        var chmpx = ExecutableLocator.Find("chmpx", binDir, searchPath);
        var chmpxStatus = ExecutableLocator.Find("chmpxstatus", binDir, searchPath);
        var k2hdkc = ExecutableLocator.Find("k2hdkc", binDir, searchPath);
        if (chmpx is not null && chmpxStatus is not null && k2hdkc is not null)
        {
            return (new DkcBinaries(chmpx, chmpxStatus, k2hdkc, ExecutableLocator.Find("chmpxlinetool", binDir, searchPath)), null);
        }

        var missing = string.Join(", ", new[] { ("chmpx", chmpx), ("chmpxstatus", chmpxStatus), ("k2hdkc", k2hdkc) }
            .Where(p => p.Item2 is null).Select(p => p.Item1));
        return (null, binDir is null
            ? $"{missing} not found on PATH — {InstallHint} or set K2hr3:Dkc:BinDir"
            : $"{missing} not found in K2hr3:Dkc:BinDir = {binDir} — {InstallHint} or fix K2hr3:Dkc:BinDir");
    }
}
