namespace K2hr3.AppHost.Dkc;

/// <summary>
/// A chmpx status to wait for, in chmpxstatus's terms (<c>-live up -ring servicein -nosuspend</c>). "Suspend" means
/// no client (k2hdkc, the API) has attached yet; a slave is never suspended. <paramref name="Merged"/> also asks that the
/// ring be settled as this chmpx sees it (<see cref="ChmpxRingView.Unsettled"/>): no join in progress
/// (<c>[n/a][Nothing]</c>), which chmpxstatus's wait mode does not look at.
/// </summary>
internal sealed record ChmpxState(string Ring, bool Suspended, bool Merged = false)
{
    /// <summary>
    /// A server whose k2hdkc has attached, which has joined the ring and finished its merge: the node serves data. A
    /// node that reports servicein while still at <c>[ADD][Pending|Doing|Done]</c> is not ready: writes made then were
    /// lost for keys the node owned once its merge completed (seen at cold starts: the API's tokens written during the
    /// window read back as missing), so the API must not start before every node is past it.
    /// </summary>
    public static readonly ChmpxState ServiceIn = new("servicein", false, Merged: true);

    /// <summary>
    /// An up slave (what the Helm chart's API wrapper waits for) that sees every server in service with its join
    /// finished: the API routes through this view, and a server it still sees joining gets none of the API's writes.
    /// </summary>
    public static readonly ChmpxState Slave = new("slave", false, Merged: true);

    /// <summary>The states a freshly started server passes through before its k2hdkc attaches, and after.</summary>
    public static readonly IReadOnlyList<ChmpxState> ServerUp =
        [new("serviceout", true), new("servicein", true), new("servicein", false), new("serviceout", false)];

    /// <summary>chmpxstatus arguments that succeed (exit 0) only in this state; -timeout 1 bounds the wait to ~1 s.</summary>
    public IReadOnlyList<string> WaitArguments => ["-self", "-wait", "-live", "up", "-ring", Ring, Suspended ? "-suspend" : "-nosuspend", "-timeout", "1"];

    /// <summary>Whether this state asks that every server be in service (a slave's view), not only settled.</summary>
    public bool EveryServerInService => Ring == "slave";

    /// <summary>Whether a node in <paramref name="status"/> has no ring change pending or in progress.</summary>
    public static bool IsMerged(ChmpxSelfStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Action == "n/a" && status.Operation == "Nothing";
    }

    public override string ToString() => $"up/{Ring}/{(Suspended ? "suspend" : "nosuspend")}{(Merged ? "/merged" : string.Empty)}";
}
