namespace K2hr3.AppHost.Dkc;

/// <summary>The data tier as modelled: one component per server node (k2hdkc-&lt;i&gt;).</summary>
public sealed class K2hdkcNodes(IReadOnlyList<K2hr3Component> nodes)
{
    public IReadOnlyList<K2hr3Component> Nodes { get; } = nodes;

    /// <summary>Why the data tier cannot run here; null when it can.</summary>
    public string? UnavailableReason => Nodes.Select(n => n.UnavailableReason).FirstOrDefault(r => r is not null);
}
