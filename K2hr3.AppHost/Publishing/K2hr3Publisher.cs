using System.Text;

namespace K2hr3.AppHost.Publishing;

/// <summary>
/// Writes the containers deployment into an output directory: docker-compose.yaml, .env (variable names only),
/// config/ (every file run mode renders, byte for byte) and containers/ (the entrypoint scripts the services mount).
/// </summary>
internal static class K2hr3Publisher
{
    public static async Task<string> WriteAsync(DistributedApplicationModel appModel, K2hr3ClusterModel cluster, DistributedApplicationExecutionContext executionContext, ILogger logger, string outputDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appModel);
        ArgumentNullException.ThrowIfNull(cluster);
        Directory.CreateDirectory(outputDir);

        var configDir = Path.Combine(outputDir, PublishLayout.ConfigDir);
        foreach (var file in cluster.RenderFiles())
        {
            file.WriteTo(configDir);
        }

        var scriptsDir = Path.Combine(outputDir, PublishLayout.ContainersDir);
        Directory.CreateDirectory(scriptsDir);
        foreach (var script in Directory.EnumerateFiles(cluster.Paths.ContainersDir, "*.sh"))
        {
            File.Copy(script, Path.Combine(scriptsDir, Path.GetFileName(script)), overwrite: true);
        }

        var compose = await new ComposeWriter(appModel, cluster, executionContext, logger).BuildAsync(cancellationToken).ConfigureAwait(false);
        var composePath = Path.Combine(outputDir, PublishLayout.ComposeFileName);
        await File.WriteAllTextAsync(composePath, ComposeWriter.Serialize(compose), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outputDir, PublishLayout.EnvFileName), EnvFile(cluster), cancellationToken).ConfigureAwait(false);
        return composePath;
    }

    /// <summary>Names every variable the compose file needs, never a value: the operator fills them in.</summary>
    private static string EnvFile(K2hr3ClusterModel cluster)
    {
        var text = new StringBuilder()
            .Append("# Values for docker-compose.yaml. Fill in before `docker-compose up`; keep this file out of version control.\n");
        foreach (var variable in ComposeVariable.All)
        {
            text.Append("# ").Append(variable.Description).Append('\n').Append(variable.Name).Append("=\n");
        }

        if (cluster.HostTls is not null)
        {
            text.Append("# https: put server.key, server.crt and ca.crt into ./").Append(PublishLayout.TlsDir).Append("/ (not copied by the publish).\n");
        }

        return text.ToString();
    }
}
