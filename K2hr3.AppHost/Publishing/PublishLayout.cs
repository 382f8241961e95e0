namespace K2hr3.AppHost.Publishing;

/// <summary>
/// Where the published artifacts go inside the output directory, and how the run-mode bind-mount sources (host paths
/// under the AppHost's data and containers folders) become paths relative to the compose file.
/// </summary>
internal sealed class PublishLayout(K2hr3ClusterModel cluster)
{
    public const string ComposeFileName = "docker-compose.yaml";

    public const string EnvFileName = ".env";

    /// <summary>Every generated configuration file, in the same relative layout as the run-mode data directory.</summary>
    public const string ConfigDir = "config";

    /// <summary>Copies of the repository's containers/ entrypoint scripts.</summary>
    public const string ContainersDir = "containers";

    /// <summary>Where the operator puts the https key, certificate and CA (never copied: the key is a secret).</summary>
    public const string TlsDir = "tls";

    /// <summary>The compose-relative source for a run-mode bind mount of <paramref name="hostPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The path is outside every folder the publish writes.</exception>
    public string ComposeSource(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        if (cluster.HostTls is { } tls && (full == tls.KeyFile || full == tls.CertFile || full == tls.CaFile))
        {
            return Relative(TlsDir, Path.GetFileName(full));
        }

        if (RelativeTo(cluster.Paths.ContainersDir, full) is { } script)
        {
            return Relative(ContainersDir, script);
        }

        if (RelativeTo(cluster.Paths.DataDir, full) is { } generated)
        {
            return Relative(ConfigDir, generated);
        }

        throw new InvalidOperationException($"bind mount {full} is outside the folders the publish writes ({cluster.Paths.DataDir}, {cluster.Paths.ContainersDir})");
    }

    private static string Relative(string folder, string rest) =>
        rest.Length == 0 ? $"./{folder}" : $"./{folder}/{rest.Replace(Path.DirectorySeparatorChar, '/')}";

    private static string? RelativeTo(string folder, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        if (relative == ".")
        {
            return string.Empty;
        }

        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }
}
