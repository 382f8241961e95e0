namespace K2hr3.AppHost.Hosting;

/// <summary>Host folders the AppHost writes to and mounts from.</summary>
internal sealed record K2hr3Paths(string DataDir, string ContainersDir, string K2hdkcDataDir)
{
    /// <summary>chmpx/k2hdkc ini files.</summary>
    public string EtcDir => Path.Combine(DataDir, "etc");

    /// <summary>k2hr3-api's whole node-config directory.</summary>
    public string ApiConfigDir => Path.Combine(DataDir, "api");

    /// <summary>k2hr3-app's node-config overlay directory.</summary>
    public string AppConfigDir => Path.Combine(DataDir, "app");

    /// <summary>Development CA and certificate (https without user-supplied files).</summary>
    public string TlsDir => Path.Combine(DataDir, "tls");

    public static K2hr3Paths Create(K2hr3Options options, string appHostDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(appHostDirectory, "obj", "k2hr3"));
        var containersDir = Path.GetFullPath(options.ContainersDir ?? Path.Combine(appHostDirectory, "..", "containers"));
        var k2hdkcDataDir = Path.GetFullPath(options.Dkc.DataDir ?? Path.Combine(dataDir, "k2hdkc"));
        return new K2hr3Paths(dataDir, containersDir, k2hdkcDataDir);
    }
}
