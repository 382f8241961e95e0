using System.Globalization;
using System.Text;

namespace K2hr3.AppHost.Dkc;

/// <summary>
/// Renders the chmpx/k2hdkc INI files. Every file lists all servers and all slaves; server and slave files differ only
/// in MODE, SELFCTLPORT and the [K2HDKC] section (k2hr3_helm_chart files/k2hr3-k2hdkc.ini.templ + ini-update.sh).
/// Pure: the same topology gives the same bytes, so a publish step can write them too.
/// </summary>
internal static class ChmpxIniRenderer
{
    /// <summary>chmpx records DATE as the configuration's date; a constant keeps the output reproducible.</summary>
    public const string ConfigDate = "Thu, 01 Jan 2026 00:00:00 +0000";

    public static string RenderServer(DkcTopology topology, DkcNode node)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(node);
        var ini = new IniWriter();
        WriteCommon(ini, topology, "SERVER", node.ControlPort);
        ini.Section("K2HDKC");
        if (topology.Storage == K2hdkcStorage.File)
        {
            ini.Key("K2HTYPE", "file");
            ini.Key("K2HFILE", node.K2hFile ?? throw new InvalidOperationException($"{node.ResourceName} has file storage but no K2HFILE"));
            ini.Key("K2HINIT", "no");
        }
        else
        {
            ini.Key("K2HTYPE", "mem");
            ini.Key("K2HINIT", "yes");
        }

        WriteK2hashLayout(ini, maxElements: 16);
        ini.Key("K2HPAGESIZE", 128);
        ini.Key("MAXTHREAD", 20);
        return ini.ToString();
    }

    public static string RenderSlave(DkcTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var ini = new IniWriter();
        WriteCommon(ini, topology, "SLAVE", topology.Slave.ControlPort);
        return ini.ToString();
    }

    private static void WriteCommon(IniWriter ini, DkcTopology topology, string mode, int selfControlPort)
    {
        var t = topology.Tuning;
        ini.Section("GLOBAL");
        ini.Key("FILEVERSION", 1);
        ini.Key("DATE", ConfigDate);
        ini.Key("GROUP", topology.Group);
        ini.Key("MODE", mode);
        if (topology.SeedsIdsFromNames)
        {
            ini.Key("CHMPXIDTYPE", "CUSTOM");
        }

        ini.Key("DELIVERMODE", "hash");
        ini.Key("MAXCHMPX", 32);
        ini.Key("REPLICA", topology.Replica);
        WriteMessageQueueSizes(ini, t);
        ini.Key("MAXHISTLOG", 0);
        ini.Key("SELFCTLPORT", selfControlPort);
        ini.Key("RWTIMEOUT", t.RwTimeout);
        ini.Key("RETRYCNT", t.RetryCount);
        ini.Key("CONTIMEOUT", t.ConnectTimeout);
        ini.Key("MQRWTIMEOUT", t.MqRwTimeout);
        ini.Key("MQRETRYCNT", 10000);
        ini.Key("MQACK", "no");
        ini.Key("AUTOMERGE", "on");
        ini.Key("DOMERGE", "on");
        ini.Key("MERGETIMEOUT", 0);
        ini.Key("SOCKTHREADCNT", t.SocketThreads);
        ini.Key("MQTHREADCNT", t.MqThreads);
        ini.Key("MAXSOCKPOOL", t.MaxSocketPool);
        ini.Key("SOCKPOOLTIMEOUT", 0);
        ini.Key("SSL", "no");
        WriteK2hashLayout(ini, maxElements: 8);

        foreach (var node in topology.Nodes)
        {
            ini.Section("SVRNODE");
            ini.Key("NAME", node.HostName);
            ini.Key("PORT", node.Port);
            ini.Key("CTLPORT", node.ControlPort);
            ini.Key("SSL", "no");
            WriteIdSeed(ini, topology, node.HostName);
        }

        ini.Section("SLVNODE");
        ini.Key("NAME", topology.Slave.HostName);
        ini.Key("CTLPORT", topology.Slave.ControlPort);
        WriteIdSeed(ini, topology, topology.Slave.HostName);
    }

    /// <summary>chmpx's POSIX message queues: how many, and how many queues on each (see <see cref="ChmpxTuning.MqueueMessageMax"/>).</summary>
    private static void WriteMessageQueueSizes(IniWriter ini, ChmpxTuning t)
    {
        ini.Key("MAXMQSERVER", t.MaxMqServer);
        ini.Key("MAXMQCLIENT", t.MaxMqClient);
        ini.Key("MQPERATTACH", t.MqPerAttach);
        ini.Key("MAXQPERSERVERMQ", t.MaxQueuePerServerMq);
        ini.Key("MAXQPERCLIENTMQ", t.MaxQueuePerClientMq);
        ini.Key("MAXMQPERCLIENT", t.MaxMqPerClient);
    }

    /// <summary>The k2hash layout keys, in [GLOBAL] and again in [K2HDKC] (the Helm chart's values; only K2HMAXELE differs).</summary>
    private static void WriteK2hashLayout(IniWriter ini, int maxElements)
    {
        ini.Key("K2HFULLMAP", "on");
        ini.Key("K2HMASKBIT", 8);
        ini.Key("K2HCMASKBIT", 4);
        ini.Key("K2HMAXELE", maxElements);
    }

    private static void WriteIdSeed(IniWriter ini, DkcTopology topology, string name)
    {
        if (topology.SeedsIdsFromNames)
        {
            ini.Key("CUSTOM_ID_SEED", name);
        }
    }

    /// <summary>"KEY = value" lines, a blank line between sections, LF endings whatever the OS.</summary>
    private sealed class IniWriter
    {
        private readonly StringBuilder _text = new();

        public void Section(string name)
        {
            if (_text.Length > 0)
            {
                _text.Append('\n');
            }

            _text.Append('[').Append(name).Append("]\n");
        }

        public void Key(string key, string value) => _text.Append(key).Append(" = ").Append(value).Append('\n');

        public void Key(string key, int value) => Key(key, value.ToString(CultureInfo.InvariantCulture));

        public override string ToString() => _text.ToString();
    }
}
