namespace K2hr3.AppHost.Hosting;

/// <summary>What the two Node.js servers, k2hr3-api (<c>K2hr3:Api</c>) and k2hr3-app (<c>K2hr3:App</c>), are both configured with.</summary>
/// <param name="defaultPort">The server's port when <see cref="Port"/> is not set.</param>
public abstract class K2hr3NodeServerOptions(int defaultPort)
{
    /// <summary>Processes mode: the installed npm package or a built checkout.</summary>
    public string? PackageDir { get; set; }

    public int Port { get; set; } = defaultPort;

    public K2hr3Scheme Scheme { get; set; } = K2hr3Scheme.Http;
}
