namespace K2hr3.AppHost.Dkc;

/// <summary>
/// The processes half: each data node is a chmpx server (k2hdkc-&lt;i&gt;-chmpx) under the TERM→HUP wrapper plus a
/// k2hdkc process, started in order.
/// </summary>
public static partial class K2hdkcBuilderExtensions
{
    /// <summary>Why chmpx cannot run as a process here; null when it can.</summary>
    internal static string? ChmpxProblem(K2hr3ClusterBuilder k2hr3)
    {
        if (k2hr3.Installation?.DkcProblem is { } missing)
        {
            return missing;
        }

        if (k2hr3.PortConflicts.Dkc is { } taken)
        {
            return taken;
        }

        return File.Exists(k2hr3.ChmpxWrapperScript)
            ? null
            : $"{k2hr3.ChmpxWrapperScript} not found — set K2hr3:ContainersDir to the repository's containers folder";
    }

    /// <summary>chmpx under the TERM→HUP wrapper: <c>sh run-chmpx.sh chmpx -conf ini -ctlport N -d level</c>.</summary>
    internal static IResourceBuilder<ChmpxResource> AddChmpxProcess(K2hr3ClusterBuilder k2hr3, string name, ChmpxRole role, string iniPath, int controlPort)
    {
        var binaries = k2hr3.Installation!.Dkc!;
        return k2hr3.WithLibraryPath(k2hr3.ApplicationBuilder
            .AddResource(new ChmpxResource(name, "/bin/sh", k2hr3.Model.Paths.DataDir, role, controlPort))
            .WithArgs(k2hr3.ChmpxWrapperScript, binaries.Chmpx, "-conf", iniPath, "-ctlport", Invariant(controlPort), "-d", k2hr3.Model.Dkc.DebugLevel)
            .ExcludeFromManifest());
    }

    private static K2hdkcNodes AddProcessNodes(K2hr3ClusterBuilder k2hr3)
    {
        var builder = k2hr3.ApplicationBuilder;
        var model = k2hr3.Model;
        var nodes = new List<K2hr3Component>();
        if (ChmpxProblem(k2hr3) is { } problem)
        {
            foreach (var node in model.Dkc.Nodes)
            {
                var unavailableNode = builder.AddK2hr3Unavailable(node.ResourceName, "k2hdkc", problem);
                builder.AddK2hr3Unavailable(node.ChmpxResourceName, "chmpx", problem).WithParentRelationship(unavailableNode);
                nodes.Add(new K2hr3Component(unavailableNode));
            }

            return new K2hdkcNodes(nodes);
        }

        var binaries = k2hr3.Installation!.Dkc!;
        IResourceBuilder<K2hdkcResource>? previous = null;
        foreach (var node in model.Dkc.Nodes)
        {
            var ini = model.ServerIniPath(node);
            var chmpx = AddChmpxProcess(k2hr3, node.ChmpxResourceName, ChmpxRole.Server, ini, node.ControlPort);
            k2hr3.WithChmpxStatus(chmpx, $"{node.ChmpxResourceName}-up", new LocalChmpxStatus(binaries.ChmpxStatus, ini, node.ControlPort), ChmpxState.ServerUp);
            if (previous is not null)
            {
                chmpx.WaitFor(previous);
            }

            var k2hdkc = k2hr3.WithLibraryPath(builder
                .AddResource(new K2hdkcResource(node.ResourceName, binaries.K2hdkc, model.Paths.DataDir, node.ControlPort))
                .WithArgs("-conf", ini, "-ctlport", Invariant(node.ControlPort), "-d", model.Dkc.DebugLevel)
                .WaitFor(chmpx)
                .ExcludeFromManifest());
            k2hr3.WithChmpxStatus(k2hdkc, $"{node.ResourceName}-servicein", new LocalChmpxStatus(binaries.ChmpxStatus, ini, node.ControlPort), [ChmpxState.ServiceIn]);
            chmpx.WithParentRelationship(k2hdkc);
            DataNodeLifecycle.Add(k2hr3, k2hdkc, chmpx, node);
            if (binaries.ChmpxLineTool is { } lineTool)
            {
                RingKeeper.Add(k2hdkc, chmpx, new RingKeeperTarget(binaries.ChmpxStatus, lineTool, ini, model.Dkc.Group, node.ControlPort));
            }

            ShowRingCommand.Add(k2hdkc, model.Dkc, new LocalChmpxStatus(binaries.ChmpxStatus, ini, node.ControlPort));

            nodes.Add(new K2hr3Component(k2hdkc));
            previous = k2hdkc;
        }

        return new K2hdkcNodes(nodes);
    }

    private static K2hr3Component AddSlaveProcess(K2hr3ClusterBuilder k2hr3, K2hdkcNodes dataTier)
    {
        var model = k2hr3.Model;
        if (ChmpxProblem(k2hr3) is { } chmpxProblem)
        {
            return new K2hr3Component(k2hr3.ApplicationBuilder.AddK2hr3Unavailable(model.Dkc.Slave.ResourceName, "chmpx", chmpxProblem));
        }

        var chmpx = AddChmpxProcess(k2hr3, model.Dkc.Slave.ResourceName, ChmpxRole.Slave, model.SlaveIniPath, model.Dkc.Slave.ControlPort);
        foreach (var node in dataTier.Nodes)
        {
            chmpx.WaitForComponent(node);
        }

        k2hr3.WithChmpxStatus(chmpx, $"{model.Dkc.Slave.ResourceName}-up", new LocalChmpxStatus(k2hr3.Installation!.Dkc!.ChmpxStatus, model.SlaveIniPath, model.Dkc.Slave.ControlPort), [ChmpxState.Slave]);
        return new K2hr3Component(chmpx);
    }
}
