namespace K2hr3.AppHost.Dkc;

/// <summary>
/// A chmpx status to wait for, in chmpxstatus's terms (<c>-live up -ring servicein -nosuspend</c>). "Suspend" means
/// no client (k2hdkc, the API) has attached yet; a slave is never suspended.
/// </summary>
public sealed record ChmpxState(string Ring, bool Suspended)
{
    /// <summary>A server whose k2hdkc has attached and which has joined the ring: the node serves data.</summary>
    public static readonly ChmpxState ServiceIn = new("servicein", false);

    /// <summary>An up slave (what the Helm chart's API wrapper waits for).</summary>
    public static readonly ChmpxState Slave = new("slave", false);

    /// <summary>The states a freshly started server passes through before its k2hdkc attaches, and after.</summary>
    public static readonly IReadOnlyList<ChmpxState> ServerUp =
        [new("serviceout", true), new("servicein", true), ServiceIn, new("serviceout", false)];

    /// <summary>chmpxstatus arguments that succeed (exit 0) only in this state; -timeout 1 bounds the wait to ~1 s.</summary>
    public IReadOnlyList<string> WaitArguments => ["-self", "-wait", "-live", "up", "-ring", Ring, Suspended ? "-suspend" : "-nosuspend", "-timeout", "1"];

    public override string ToString() => $"up/{Ring}/{(Suspended ? "suspend" : "nosuspend")}";
}
