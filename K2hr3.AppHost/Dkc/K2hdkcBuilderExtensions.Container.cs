namespace K2hr3.AppHost.Dkc;

/// <summary>The containers half: one container per data node runs chmpx and k2hdkc (containers/k2hdkc-node.sh).</summary>
public static partial class K2hdkcBuilderExtensions
{
    private static K2hdkcNodes AddContainerNodes(K2hr3ClusterBuilder k2hr3)
    {
        var model = k2hr3.Model;
        var nodes = new List<K2hr3Component>();
        foreach (var node in model.Dkc.Nodes)
        {
            var ini = model.ServerIniPath(node);
            var container = k2hr3.AddScriptContainer(new K2hdkcContainerResource(node.ResourceName), k2hr3.Options.Images.K2hdkcImage, "k2hdkc-node.sh")
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
