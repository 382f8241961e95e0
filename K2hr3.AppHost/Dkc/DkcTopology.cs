namespace K2hr3.AppHost.Dkc;

/// <summary>One k2hdkc server node: a chmpx server plus k2hdkc sharing an IPC namespace.</summary>
/// <param name="Index">0-based node number.</param>
/// <param name="ResourceName">k2hdkc-&lt;i&gt;.</param>
/// <param name="ChmpxResourceName">k2hdkc-&lt;i&gt;-chmpx (processes runtime; in a container both run together).</param>
/// <param name="HostName">chmpx NAME: localhost (processes) or the container's network alias.</param>
/// <param name="Port">chmpx data PORT.</param>
/// <param name="ControlPort">chmpx CTLPORT; picks this node's entry (-ctlport) when several share a host.</param>
/// <param name="IniFileName">The node's configuration file (in the generated etc folder).</param>
/// <param name="K2hFile">k2hash file as the component sees it; null for in-memory storage.</param>
internal sealed record DkcNode(int Index, string ResourceName, string ChmpxResourceName, string HostName, int Port, int ControlPort, string IniFileName, string? K2hFile);

/// <summary>The chmpx slave co-located with k2hr3-api.</summary>
internal sealed record DkcSlave(string ResourceName, string HostName, int ControlPort, string IniFileName);

/// <summary>
/// chmpx tuning (MQ, thread and timeout keys). Both sets are upstream's: the Helm chart's for containers, where each
/// node has its own IPC namespace, and k2hr3_api's local test cluster for processes, where every chmpx shares one
/// host's POSIX MQ limits. The local test set keeps every chmpx's queue count within Linux's default
/// fs.mqueue.msg_max (10); the Helm chart's needs more (see <see cref="MqueueMessageMax"/>).
/// </summary>
internal sealed record ChmpxTuning(
    int MaxMqServer, int MaxMqClient, int MqPerAttach, int MaxQueuePerServerMq, int MaxQueuePerClientMq, int MaxMqPerClient,
    int RwTimeout, int RetryCount, int ConnectTimeout, int MqRwTimeout, int SocketThreads, int MqThreads, int MaxSocketPool)
{
    /// <summary>k2hr3_helm_chart files/k2hr3-k2hdkc.ini.templ.</summary>
    public static readonly ChmpxTuning HelmChart = new(16, 16, 4, 4, 4, 4, 10000, 500, 10000, 500, 8, 8, 16);

    /// <summary>k2hr3_api tests/auto_k2hdkc_{server,slave}.ini.</summary>
    public static readonly ChmpxTuning LocalTest = new(2, 4, 2, 2, 2, 2, 100000, 1000, 500000, 1000, 1, 1, 1);

    /// <summary>
    /// The <c>fs.mqueue.msg_max</c> chmpx needs: MAXMQSERVER + MAXMQCLIENT (chmpx lib/chmimdata.cc). As root chmpx
    /// raises RLIMIT_MSGQUEUE itself; as any other user it only reads msg_max and refuses to start below this value
    /// ("Current msg 10 is too small for specified msg 32"), so non-root containers get it as a namespaced sysctl.
    /// </summary>
    public int MqueueMessageMax => MaxMqServer + MaxMqClient;
}

/// <summary>
/// The data tier's layout for one runtime: every server node and the slave, with names that resolve there
/// (localhost with distinct ports, or container network aliases with the Helm chart's fixed ports).
/// Made by <see cref="ForProcesses"/> or <see cref="ForContainers"/>.
/// </summary>
/// <param name="Group">chmpx GROUP.</param>
/// <param name="Storage">k2hdkc's storage: in memory or a k2hash file.</param>
/// <param name="DebugLevel">The data tier's debug level (<c>K2hr3:Dkc:DebugLevel</c>, lower case).</param>
/// <param name="Tuning">chmpx MQ, thread and timeout keys.</param>
/// <param name="Nodes">The server nodes.</param>
/// <param name="Slave">The chmpx slave co-located with k2hr3-api.</param>
/// <param name="SeedsIdsFromNames">
/// Containers: CHMPXIDTYPE = CUSTOM with CUSTOM_ID_SEED = NAME, as the Helm chart does. With the default (NAME)
/// a chmpx in a container finds its own entry through the container's host name (its id), while its peers derive
/// its chmpxid from the name they resolve, so the ids differ and the ring never forms ("terminal chmpxid is not
/// self chmpxid"). Processes keep NAME: every node is localhost and the control port tells them apart.
/// </param>
internal sealed record DkcTopology(
    string Group, K2hdkcStorage Storage, string DebugLevel, ChmpxTuning Tuning, IReadOnlyList<DkcNode> Nodes, DkcSlave Slave, bool SeedsIdsFromNames)
{
    /// <summary>Helm chart ports, used in containers (every node has its own network namespace).</summary>
    public const int ContainerServerPort = 8020;

    public const int ContainerServerControlPort = 8021;

    public const int ContainerSlaveControlPort = 8022;

    /// <summary>Where the containers mount the generated etc folder (the Helm chart's config dir).</summary>
    public const string ContainerEtcDir = "/etc/antpickax";

    public const string ContainerDataDir = "/var/lib/antpickax";

    public const string SlaveResourceName = "k2hr3-api-chmpx";

    /// <summary>One extra copy of each key when there is a second node (Helm: REPLICA = 1 with 2 nodes).</summary>
    public int Replica => Math.Min(1, Nodes.Count - 1);

    public static string NodeResourceName(int index) => $"k2hdkc-{index}";

    public static string ChmpxResourceName(int index) => $"k2hdkc-{index}-chmpx";

    /// <summary>Processes: all nodes on localhost, node i on BasePort+2i / BasePort+2i+1, one ini per node (own k2hash file).</summary>
    public static DkcTopology ForProcesses(K2hdkcOptions options, string k2hdkcDataDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodes = Enumerable.Range(0, options.Nodes).Select(i => new DkcNode(
            i,
            NodeResourceName(i),
            ChmpxResourceName(i),
            "localhost",
            options.BasePort + (2 * i),
            options.BasePort + (2 * i) + 1,
            $"server-{i}.ini",
            options.Storage == K2hdkcStorage.File ? Path.Combine(k2hdkcDataDir, $"k2hdkc-{i}.k2h") : null)).ToArray();
        var slave = new DkcSlave(SlaveResourceName, "localhost", options.SlaveControlPort, "slave.ini");
        return new DkcTopology(options.Group, options.Storage, options.DebugLevel.ToLowerInvariant(), ChmpxTuning.LocalTest, nodes, slave, SeedsIdsFromNames: false);
    }

    /// <summary>Containers: one container per node named by its network alias, Helm ports, one shared server.ini.</summary>
    public static DkcTopology ForContainers(K2hdkcOptions options, string apiResourceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var k2hFile = options.Storage == K2hdkcStorage.File ? $"{ContainerDataDir}/k2hdkc/k2hdkc.k2h" : null;
        var nodes = Enumerable.Range(0, options.Nodes).Select(i => new DkcNode(
            i,
            NodeResourceName(i),
            ChmpxResourceName(i),
            NodeResourceName(i),
            ContainerServerPort,
            ContainerServerControlPort,
            "server.ini",
            k2hFile)).ToArray();

        // The slave runs inside the API container, so its NAME is the API's network alias.
        var slave = new DkcSlave(SlaveResourceName, apiResourceName, ContainerSlaveControlPort, "slave.ini");
        return new DkcTopology(options.Group, options.Storage, options.DebugLevel.ToLowerInvariant(), ChmpxTuning.HelmChart, nodes, slave, SeedsIdsFromNames: true);
    }

    /// <summary>Distinct server configuration files (one per node in processes, one shared in containers).</summary>
    public IEnumerable<DkcNode> NodesWithDistinctIniFiles => Nodes.DistinctBy(n => n.IniFileName);
}
