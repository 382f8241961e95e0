namespace K2hr3.AppHost.Hosting;

/// <summary>Mounts the host's https key/cert/CA at the fixed paths the rendered container configs name.</summary>
internal static class K2hr3TlsMounts
{
    public static IResourceBuilder<T> Add<T>(IResourceBuilder<T> container, TlsFiles hostFiles)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(hostFiles);
        return container
            .WithBindMount(hostFiles.KeyFile, ContainerPaths.TlsFiles.KeyFile, isReadOnly: true)
            .WithBindMount(hostFiles.CertFile, ContainerPaths.TlsFiles.CertFile, isReadOnly: true)
            .WithBindMount(hostFiles.CaFile, ContainerPaths.TlsFiles.CaFile, isReadOnly: true);
    }
}
