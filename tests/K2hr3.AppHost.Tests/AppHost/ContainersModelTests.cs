namespace K2hr3.Tests.AppHost;

/// <summary>The containers runtime's model (upstream antpickax images); no DCP, no Docker needed.</summary>
public class ContainersModelTests
{
    [Fact]
    public async Task OneContainerPerNodeThenTheApiAndTheApp()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}", "--K2hr3:Dkc:Nodes=3");

        Assert.Equal(["k2hdkc-0", "k2hdkc-1", "k2hdkc-2", "k2hr3-api", "k2hr3-app"], appHost.K2hr3ResourceNames());
        Assert.Empty(appHost.Get("k2hdkc-0").WaitsFor());
        Assert.Equal(["k2hdkc-0", "k2hdkc-1", "k2hdkc-2"], appHost.Get("k2hr3-api").WaitsFor());
        Assert.Equal(["k2hr3-api"], appHost.Get("k2hr3-app").WaitsFor());
        Assert.Equal(["k2hdkc-2-servicein"], appHost.Get("k2hdkc-2").HealthChecks());
        Assert.Equal(["k2hr3-api-k2hdkc", "k2hr3-api-root"], appHost.Get("k2hr3-api").HealthChecks());
        Assert.Equal(["k2hr3-app-page"], appHost.Get("k2hr3-app").HealthChecks());
    }

    [Fact]
    public async Task DefaultImagesAreTheHelmChartTags()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}");

        Assert.Equal(("docker.io", "antpickax/k2hdkc", "1.0.17"), Image(appHost.Get<K2hdkcContainerResource>("k2hdkc-1")));
        Assert.Equal(("docker.io", "antpickax/k2hr3-api", "1.0.42"), Image(appHost.Get<K2hr3ApiContainerResource>("k2hr3-api")));
        Assert.Equal(("docker.io", "antpickax/k2hr3-app", "1.0.41"), Image(appHost.Get<K2hr3AppContainerResource>("k2hr3-app")));
    }

    [Fact]
    public async Task ImageRegistryAndTagsAreConfigurable()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync(
            "--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}",
            "--K2hr3:Images:Registry=registry.example.test", "--K2hr3:Images:ApiTag=2.0.3", "--K2hr3:Images:AppTag=2.0.1", "--K2hr3:Images:K2hdkcTag=1.0.19");

        Assert.Equal(("registry.example.test", "antpickax/k2hdkc", "1.0.19"), Image(appHost.Get("k2hdkc-0")));
        Assert.Equal(("registry.example.test", "antpickax/k2hr3-api", "2.0.3"), Image(appHost.Get("k2hr3-api")));
        Assert.Equal(("registry.example.test", "antpickax/k2hr3-app", "2.0.1"), Image(appHost.Get("k2hr3-app")));
    }

    [Fact]
    public async Task DataNodeRunsTheNodeEntrypointWithGeneratedIniScriptsAndADataVolume()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}");

        var node = appHost.Get<K2hdkcContainerResource>("k2hdkc-1");
        var (args, environment) = await node.ExecutionAsync();
        Assert.Equal("/bin/sh", node.Entrypoint);
        Assert.Equal(["/opt/k2hr3/containers/k2hdkc-node.sh"], args);
        Assert.Equal("/etc/antpickax/server.ini", environment["K2HR3_CHMPX_INI"]);
        Assert.Equal("err", environment["K2HR3_DEBUG_LEVEL"]);
        Assert.Equal("5", environment["K2HR3_START_DELAY"]);

        var mounts = Mounts(node);
        Assert.Contains((data.Combine("etc"), "/etc/antpickax", ContainerMountType.BindMount, true), mounts);
        Assert.Contains((Path.Combine(TestData.RepositoryRoot, "containers"), "/opt/k2hr3/containers", ContainerMountType.BindMount, true), mounts);
        var volume = Assert.Single(mounts, m => m.Type == ContainerMountType.Volume);
        Assert.Equal("/var/lib/antpickax", volume.Target);
        Assert.EndsWith("k2hdkc-1-data", volume.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiContainerRunsItsSlaveAndTheApiWithGeneratedConfig()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}", "--K2hr3:Api:Scheme=https", "--K2hr3:Api:DebugLevel=Wan");

        var api = appHost.Get<K2hr3ApiContainerResource>("k2hr3-api");
        var (args, environment) = await api.ExecutionAsync();
        Assert.Equal("/bin/sh", api.Entrypoint);
        Assert.Equal(["/opt/k2hr3/containers/k2hr3-api.sh"], args);
        Assert.Equal("/etc/antpickax/slave.ini", environment["K2HR3_CHMPX_INI"]);
        Assert.Equal("/etc/k2hr3/api", environment["NODE_CONFIG_DIR"]);
        Assert.Equal("production", environment["NODE_ENV"]);
        Assert.Equal("LOGLEVEL_WAN", environment["NODE_DEBUG"]);

        var mounts = Mounts(api);
        Assert.Contains((data.Combine("api"), "/etc/k2hr3/api", ContainerMountType.BindMount, true), mounts);
        Assert.Contains((data.Combine("etc"), "/etc/antpickax", ContainerMountType.BindMount, true), mounts);
        Assert.Contains((data.Combine("tls", "server.key"), "/etc/k2hr3/tls/server.key", ContainerMountType.BindMount, true), mounts);
        Assert.Contains((data.Combine("tls", "ca.crt"), "/etc/k2hr3/tls/ca.crt", ContainerMountType.BindMount, true), mounts);

        var endpoint = Assert.Single(api.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("https", 18080, 18080, false), (endpoint.UriScheme, endpoint.Port!.Value, endpoint.TargetPort!.Value, endpoint.IsProxied));
    }

    [Fact]
    public async Task AppContainerGetsItsOverlayAndNoTlsFilesOverHttp()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:Runtime=containers", $"--K2hr3:DataDir={data.Path}");

        var app = appHost.Get<K2hr3AppContainerResource>("k2hr3-app");
        var (args, environment) = await app.ExecutionAsync();
        Assert.Equal(["/opt/k2hr3/containers/k2hr3-app.sh"], args);
        Assert.Equal("/etc/k2hr3/app", environment["K2HR3_APP_CONFIG_DIR"]);
        var mounts = Mounts(app);
        Assert.Contains((data.Combine("app"), "/etc/k2hr3/app", ContainerMountType.BindMount, true), mounts);
        Assert.DoesNotContain(mounts, m => m.Target.StartsWith("/etc/k2hr3/tls", StringComparison.Ordinal));
        var endpoint = Assert.Single(app.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 18081, 18081, false), (endpoint.UriScheme, endpoint.Port!.Value, endpoint.TargetPort!.Value, endpoint.IsProxied));
    }

    [Fact]
    public async Task AutoWithAContainerRuntimeOverridePicksContainers()
    {
        using var data = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync("--K2hr3:ContainerRuntimeAvailable=true", $"--K2hr3:DataDir={data.Path}");

        appHost.Get<K2hdkcContainerResource>("k2hdkc-0");
    }

    private static (string? Registry, string Image, string? Tag) Image(IResource resource)
    {
        var image = Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
        return (image.Registry, image.Image, image.Tag);
    }

    private static List<(string? Source, string Target, ContainerMountType Type, bool ReadOnly)> Mounts(IResource resource) =>
        [.. resource.Annotations.OfType<ContainerMountAnnotation>().Select(m => (m.Source, m.Target, m.Type, m.IsReadOnly))];
}
