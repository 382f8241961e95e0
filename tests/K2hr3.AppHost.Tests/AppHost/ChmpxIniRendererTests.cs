namespace K2hr3.Tests.AppHost;

public class ChmpxIniRendererTests
{
    private static readonly K2hr3Paths Paths = new("/data", "/repo/containers", "/data/k2hdkc");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ProcessesEveryServerFileListsAllServersOnLocalhostAndTheSlave(int nodes)
    {
        var model = Model(K2hr3Runtime.Processes, new K2hr3Options { Dkc = { Nodes = nodes } });
        var files = model.RenderFiles().Where(f => f.RelativePath.StartsWith("etc/server-", StringComparison.Ordinal)).ToArray();

        Assert.Equal(nodes, files.Length);
        for (var i = 0; i < nodes; i++)
        {
            var ini = IniDocument.Parse(Assert.Single(files, f => f.RelativePath == $"etc/server-{i}.ini").Content);
            var global = ini.Single("GLOBAL");
            Assert.Equal("SERVER", global["MODE"]);
            Assert.Equal("K2HR3DKC", global["GROUP"]);
            Assert.Equal(18020 + (2 * i) + 1, global.Int("SELFCTLPORT"));
            Assert.Equal(Math.Min(1, nodes - 1), global.Int("REPLICA"));

            var servers = ini.All("SVRNODE");
            Assert.Equal(nodes, servers.Count);
            Assert.All(servers, s => Assert.Equal("localhost", s["NAME"]));
            Assert.Equal(Enumerable.Range(0, nodes).Select(n => 18020 + (2 * n)), servers.Select(s => s.Int("PORT")));
            Assert.Equal(Enumerable.Range(0, nodes).Select(n => 18021 + (2 * n)), servers.Select(s => s.Int("CTLPORT")));

            var slave = ini.Single("SLVNODE");
            Assert.Equal("localhost", slave["NAME"]);
            Assert.Equal(18031, slave.Int("CTLPORT"));

            // On one host NAME + CTLPORT already tell the nodes apart: chmpx's default ids.
            Assert.False(global.Has("CHMPXIDTYPE"));
            Assert.All(servers, s => Assert.False(s.Has("CUSTOM_ID_SEED")));

            // Each node keeps its own k2hash file: the nodes share one host.
            var k2hdkc = ini.Single("K2HDKC");
            Assert.Equal("file", k2hdkc["K2HTYPE"]);
            Assert.Equal($"/data/k2hdkc/k2hdkc-{i}.k2h", k2hdkc["K2HFILE"]);
            Assert.Equal("no", k2hdkc["K2HINIT"]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ProcessesSlaveFileListsAllServersAndItself(int nodes)
    {
        var model = Model(K2hr3Runtime.Processes, new K2hr3Options { Dkc = { Nodes = nodes, SlaveControlPort = 18099 } });
        var ini = IniDocument.Parse(Assert.Single(model.RenderFiles(), f => f.RelativePath == "etc/slave.ini").Content);

        Assert.Equal("SLAVE", ini.Single("GLOBAL")["MODE"]);
        Assert.Equal(18099, ini.Single("GLOBAL").Int("SELFCTLPORT"));
        Assert.Equal(nodes, ini.All("SVRNODE").Count);
        Assert.Equal(18099, ini.Single("SLVNODE").Int("CTLPORT"));
        Assert.Empty(ini.All("K2HDKC"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ContainersShareOneServerFileNamingNodesByNetworkAlias(int nodes)
    {
        var model = Model(K2hr3Runtime.Containers, new K2hr3Options { Dkc = { Nodes = nodes } });
        var files = model.RenderFiles();
        var server = IniDocument.Parse(Assert.Single(files, f => f.RelativePath.StartsWith("etc/server", StringComparison.Ordinal)).Content);
        var slave = IniDocument.Parse(Assert.Single(files, f => f.RelativePath == "etc/slave.ini").Content);

        foreach (var ini in new[] { server, slave })
        {
            var servers = ini.All("SVRNODE");
            Assert.Equal(Enumerable.Range(0, nodes).Select(n => $"k2hdkc-{n}"), servers.Select(s => s["NAME"]));
            Assert.All(servers, s => Assert.Equal(8020, s.Int("PORT")));
            Assert.All(servers, s => Assert.Equal(8021, s.Int("CTLPORT")));
            Assert.Equal("k2hr3-api", ini.Single("SLVNODE")["NAME"]);
            Assert.Equal(8022, ini.Single("SLVNODE").Int("CTLPORT"));

            // chmpxids from the aliases, not from the container's own host name (its id): the ring forms.
            Assert.Equal("CUSTOM", ini.Single("GLOBAL")["CHMPXIDTYPE"]);
            Assert.All(servers, s => Assert.Equal(s["NAME"], s["CUSTOM_ID_SEED"]));
            Assert.Equal("k2hr3-api", ini.Single("SLVNODE")["CUSTOM_ID_SEED"]);
        }

        Assert.Equal(8021, server.Single("GLOBAL").Int("SELFCTLPORT"));
        Assert.Equal(8022, slave.Single("GLOBAL").Int("SELFCTLPORT"));
        Assert.Equal("/var/lib/antpickax/k2hdkc/k2hdkc.k2h", server.Single("K2HDKC")["K2HFILE"]);
    }

    [Theory]
    [InlineData(K2hr3Runtime.Processes)]
    [InlineData(K2hr3Runtime.Containers)]
    public void EveryFileKeepsChmpxLimitsThisHostAllows(K2hr3Runtime runtime)
    {
        var model = Model(runtime, new K2hr3Options { Dkc = { Nodes = 3 } });
        foreach (var file in model.RenderFiles().Where(f => f.RelativePath.EndsWith(".ini", StringComparison.Ordinal)))
        {
            var ini = IniDocument.Parse(file.Content);
            var global = ini.Single("GLOBAL");

            // POSIX MQ depth must not exceed fs.mqueue.msg_max (10 by default) or chmpx fails with EINVAL.
            Assert.InRange(global.Int("MAXQPERSERVERMQ"), 1, 10);
            Assert.InRange(global.Int("MAXQPERCLIENTMQ"), 1, 10);
            Assert.Equal("on", global["AUTOMERGE"]);
            Assert.Equal("on", global["DOMERGE"]);
            var ports = ini.All("SVRNODE").SelectMany(s => new[] { s.Int("PORT"), s.Int("CTLPORT") })
                .Append(ini.Single("SLVNODE").Int("CTLPORT")).Append(global.Int("SELFCTLPORT"));
            Assert.All(ports, p => Assert.InRange(p, 1, K2hr3OptionsValidator.MaxChmpxPort));
        }
    }

    [Fact]
    public void MemoryStorageHasNoK2hashFile()
    {
        var model = Model(K2hr3Runtime.Processes, new K2hr3Options { Dkc = { Nodes = 1, Storage = K2hdkcStorage.Memory } });
        var k2hdkc = IniDocument.Parse(model.RenderFiles().First(f => f.RelativePath == "etc/server-0.ini").Content).Single("K2HDKC");

        Assert.Equal("mem", k2hdkc["K2HTYPE"]);
        Assert.False(k2hdkc.Has("K2HFILE"));
    }

    [Fact]
    public void RenderingIsReproducibleByteForByte()
    {
        var options = new K2hr3Options { Dkc = { Nodes = 3 } };
        var first = Model(K2hr3Runtime.Containers, options).RenderFiles();
        var second = Model(K2hr3Runtime.Containers, options).RenderFiles();

        Assert.Equal(first, second);
        Assert.All(first, f => Assert.DoesNotContain('\r', f.Content));
    }

    private static K2hr3ClusterModel Model(K2hr3Runtime runtime, K2hr3Options options) =>
        K2hr3ClusterModel.Create(options, runtime, Paths, K2hr3.AppHost.Api.KeystoneSettings.Dummy);
}
