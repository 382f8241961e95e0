namespace K2hr3.AppHost.Dkc;

/// <summary>Whether a chmpx serves a k2hdkc node or connects a client (the API) to the cluster.</summary>
public enum ChmpxRole
{
    Server,
    Slave,
}

/// <summary>
/// A chmpx process (processes runtime). It runs behind containers/run-chmpx.sh because chmpx ignores SIGTERM, which is
/// how DCP stops executables; the wrapper turns it into the SIGHUP chmpx stops on.
/// </summary>
public sealed class ChmpxResource(string name, string command, string workingDirectory, ChmpxRole role, int controlPort)
    : ExecutableResource(name, command, workingDirectory)
{
    public ChmpxRole Role { get; } = role;

    /// <summary>CTLPORT: the entry in the ini this process is, and what chmpxstatus asks about.</summary>
    public int ControlPort { get; } = controlPort;
}
