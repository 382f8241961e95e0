using System.Globalization;
using K2hr3.AppHost.Hosting;

namespace K2hr3.AppHost.Dkc;

public static class K2hdkcBuilderExtensions
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
        return k2hr3.Runtime == K2hr3Runtime.Containers ? AddContainerNodes(k2hr3) : AddProcessNodes(k2hr3);
    }

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

    internal static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

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

    private static K2hdkcNodes AddContainerNodes(K2hr3ClusterBuilder k2hr3)
    {
        var builder = k2hr3.ApplicationBuilder;
        var model = k2hr3.Model;
        var images = k2hr3.Options.Images;
        var nodes = new List<K2hr3Component>();
        foreach (var node in model.Dkc.Nodes)
        {
            var ini = model.ServerIniPath(node);
            var container = builder.AddResource(new K2hdkcContainerResource(node.ResourceName))
                .WithImage(images.K2hdkc, images.K2hdkcTag)
                .WithImageRegistry(images.Registry)
                .WithEntrypoint("/bin/sh")
                .WithArgs($"{ContainerPaths.Scripts}/k2hdkc-node.sh")
                .WithEnvironment("K2HR3_CHMPX_INI", ini)
                .WithEnvironment("K2HR3_DEBUG_LEVEL", model.Dkc.DebugLevel)
                .WithEnvironment("K2HR3_START_DELAY", Invariant(ContainerStartStaggerSeconds * node.Index))
                .WithBindMount(model.Paths.EtcDir, DkcTopology.ContainerEtcDir, isReadOnly: true)
                .WithBindMount(model.Paths.ContainersDir, ContainerPaths.Scripts, isReadOnly: true)
                .WithSysctls(new Dictionary<string, string> { [ContainerSysctls.MqueueMessageMax] = Invariant(model.Dkc.Tuning.MqueueMessageMax) });

            // k2hash file and chmpx's shared memory; named per AppHost like Aspire's own integrations.
            container.WithVolume(VolumeNameGenerator.Generate(container, "data"), DkcTopology.ContainerDataDir);
            k2hr3.WithChmpxStatus(container, $"{node.ResourceName}-servicein", new ContainerChmpxStatus(k2hr3.ContainerRuntime, container.Resource, ini), [ChmpxState.ServiceIn]);
            ShowRingCommand.Add(container, model.Dkc, new ContainerChmpxStatus(k2hr3.ContainerRuntime, container.Resource, ini));
            nodes.Add(new K2hr3Component(container));
        }

        return new K2hdkcNodes(nodes);
    }
}
