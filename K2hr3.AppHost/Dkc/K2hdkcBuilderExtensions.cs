using System.Globalization;

namespace K2hr3.AppHost.Dkc;

public static partial class K2hdkcBuilderExtensions
{
    /// <summary>Containers start together; node i waits i × this before chmpx starts (the Helm chart sleeps 5 s per pod index).</summary>
    public const int ContainerStartStaggerSeconds = 5;

    /// <summary>
    /// Adds the k2hdkc server nodes (<c>k2hdkc-&lt;i&gt;</c>). Processes: each node is a chmpx server
    /// (<c>k2hdkc-&lt;i&gt;-chmpx</c>, a child in the dashboard) healthy once up, then k2hdkc, healthy once its chmpx
    /// is in service; node i starts after node i-1 serves, like the Helm chart's ordered pods. A k2hdkc that stops takes
    /// its chmpx out of the ring, and starting it again starts that chmpx first (<see cref="DataNodeLifecycle"/>).
    /// Containers: one container per node runs both (containers/k2hdkc-node.sh), healthy once in service. Every node
    /// has a "Show ring" command (<see cref="ShowRingCommand"/>).
    /// </summary>
    public static K2hdkcNodes AddK2hdkcNodes(this K2hr3ClusterBuilder k2hr3)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        if (k2hr3.Runtime != K2hr3Runtime.Containers)
        {
            return AddProcessNodes(k2hr3);
        }

        var nodes = AddContainerNodes(k2hr3);
        PublishAsComposeServices(k2hr3, nodes);
        return nodes;
    }

    /// <summary>
    /// Adds the API's chmpx slave, <c>k2hr3-api-chmpx</c> (processes runtime): it joins the ring once every data node
    /// serves and is healthy in the slave state; k2hr3-api waits for it. In the containers runtime the slave runs
    /// inside the API's container (containers/k2hr3-api.sh): there is no resource of its own and this returns null.
    /// </summary>
    public static K2hr3Component? AddChmpxSlave(this K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        ArgumentNullException.ThrowIfNull(dataTier);
        return k2hr3.Runtime == K2hr3Runtime.Containers ? null : AddSlaveProcess(k2hr3, dataTier);
    }

    internal static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);
}
