namespace K2hr3.AppHost.Dkc;

/// <summary>A k2hdkc server process attached to its node's chmpx (processes runtime).</summary>
public sealed class K2hdkcResource(string name, string command, string workingDirectory, int controlPort)
    : ExecutableResource(name, command, workingDirectory)
{
    /// <summary>CTLPORT of the chmpx this k2hdkc attaches to.</summary>
    public int ControlPort { get; } = controlPort;
}

/// <summary>
/// A whole data node in one container (containers runtime): chmpx and k2hdkc need a shared IPC namespace, shared
/// /var/lib/antpickax and the same host name, which containers get simplest by being one.
/// </summary>
public sealed class K2hdkcContainerResource(string name) : ContainerResource(name);
