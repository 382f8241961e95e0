namespace K2hr3.AppHost.Hosting;

/// <summary>Fixed paths inside the containers; the AppHost bind-mounts its generated folders there.</summary>
internal static class ContainerPaths
{
    /// <summary>The repository's containers/ folder (entrypoint scripts).</summary>
    public const string Scripts = "/opt/k2hr3/containers";

    public const string ApiConfig = "/etc/k2hr3/api";

    public const string AppConfig = "/etc/k2hr3/app";

    public const string Tls = "/etc/k2hr3/tls";

    public static readonly TlsFiles TlsFiles = new($"{Tls}/server.key", $"{Tls}/server.crt", $"{Tls}/ca.crt");
}
