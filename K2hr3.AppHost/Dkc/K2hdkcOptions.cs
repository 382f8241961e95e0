namespace K2hr3.AppHost.Dkc;

/// <summary>Where k2hdkc keeps its data (<c>K2HTYPE</c> in the <c>[K2HDKC]</c> section).</summary>
public enum K2hdkcStorage
{
    /// <summary>A k2hash file per node (survives restarts).</summary>
    File,

    /// <summary>In memory; lost when k2hdkc stops (upstream test layout).</summary>
    Memory,
}

/// <summary><c>K2hr3:Dkc</c>: the k2hdkc/chmpx data tier.</summary>
public sealed class K2hdkcOptions
{
    /// <summary>Number of server nodes (Helm chart default: 2).</summary>
    public int Nodes { get; set; } = 2;

    /// <summary>Folder holding chmpx, chmpxstatus and k2hdkc; default: PATH.</summary>
    public string? BinDir { get; set; }

    /// <summary>Folder with libchmpx/libk2hdkc when they are not in the system's library path (LD_LIBRARY_PATH of the processes).</summary>
    public string? LibDir { get; set; }

    /// <summary>Processes mode: node i uses PORT = BasePort + 2i and CTLPORT = BasePort + 2i + 1 (upstream test layout).</summary>
    public int BasePort { get; set; } = 18020;

    /// <summary>Processes mode: CTLPORT of the API's chmpx slave.</summary>
    public int SlaveControlPort { get; set; } = 18031;

    /// <summary>chmpx GROUP; also names the shared-memory files (<c>/var/lib/antpickax/&lt;GROUP&gt;-&lt;CTLPORT&gt;.chmpx</c>).</summary>
    public string Group { get; set; } = "K2HR3DKC";

    public K2hdkcStorage Storage { get; set; } = K2hdkcStorage.File;

    /// <summary>Processes mode: folder for the k2hash files; default <c>&lt;DataDir&gt;/k2hdkc</c>.</summary>
    public string? DataDir { get; set; }

    /// <summary>chmpx/k2hdkc <c>-d</c> level: silent, err, wan, info, dump.</summary>
    public string DebugLevel { get; set; } = "err";
}
