namespace K2hr3.Tests.AppHost;

/// <summary>
/// The processes runtime's model, no DCP: with everything "installed" (see <see cref="FakeInstallation"/>), and with
/// <c>K2hr3:Upstream:Prefix</c>, the one setting that points it at a from-source build (eng/build-upstream.sh's layout:
/// bin/, lib/, k2hr3-api/, k2hr3-app/).
/// </summary>
public class ProcessesModelTests
{
    [Fact]
    public async Task ResourceGraphHasAChmpxAndK2hdkcPerNodePlusTheApiWithItsSlaveAndTheApp()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        Assert.Equal(
            ["k2hdkc-0", "k2hdkc-0-chmpx", "k2hdkc-1", "k2hdkc-1-chmpx", "k2hr3-api", "k2hr3-api-chmpx", "k2hr3-app"],
            appHost.K2hr3ResourceNames());
        Assert.Contains(appHost.Resources, r => r.Name == "osnl");
        Assert.Equal(ChmpxRole.Server, appHost.Get<ChmpxResource>("k2hdkc-1-chmpx").Role);
        Assert.Equal(ChmpxRole.Slave, appHost.Get<ChmpxResource>("k2hr3-api-chmpx").Role);
        appHost.Get<K2hdkcResource>("k2hdkc-0");
        appHost.Get<K2hr3ApiResource>("k2hr3-api");
        appHost.Get<K2hr3AppResource>("k2hr3-app");
        Assert.DoesNotContain(appHost.Resources, r => r is K2hr3UnavailableResource);

        // The dashboard nests each chmpx under the component it serves.
        Assert.Equal("k2hdkc-0", appHost.Get("k2hdkc-0-chmpx").Parent());
        Assert.Equal("k2hdkc-1", appHost.Get("k2hdkc-1-chmpx").Parent());
        Assert.Equal("k2hr3-api", appHost.Get("k2hr3-api-chmpx").Parent());
    }

    [Fact]
    public async Task ReadinessChainRunsChmpxThenK2hdkcNodeByNodeThenTheSlaveTheApiAndTheApp()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        Assert.Empty(appHost.Get("k2hdkc-0-chmpx").WaitsFor());
        Assert.Equal(["k2hdkc-0-chmpx"], appHost.Get("k2hdkc-0").WaitsFor());
        Assert.Equal(["k2hdkc-0"], appHost.Get("k2hdkc-1-chmpx").WaitsFor());
        Assert.Equal(["k2hdkc-1-chmpx"], appHost.Get("k2hdkc-1").WaitsFor());
        Assert.Equal(["k2hdkc-0", "k2hdkc-1"], appHost.Get("k2hr3-api-chmpx").WaitsFor());
        Assert.Equal(["k2hr3-api-chmpx"], appHost.Get("k2hr3-api").WaitsFor());
        Assert.Equal(["k2hr3-api"], appHost.Get("k2hr3-app").WaitsFor());
        Assert.All(
            appHost.Resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>()),
            w => Assert.Equal(WaitType.WaitUntilHealthy, w.WaitType));
    }

    [Fact]
    public async Task EveryComponentHasItsHealthChecks()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        Assert.Equal(["k2hdkc-0-chmpx-up"], appHost.Get("k2hdkc-0-chmpx").HealthChecks());
        Assert.Equal(["k2hdkc-0-servicein"], appHost.Get("k2hdkc-0").HealthChecks());
        Assert.Equal(["k2hr3-api-chmpx-up"], appHost.Get("k2hr3-api-chmpx").HealthChecks());
        Assert.Equal(["k2hr3-api-k2hdkc", "k2hr3-api-root"], appHost.Get("k2hr3-api").HealthChecks());
        Assert.Equal(["k2hr3-app-page"], appHost.Get("k2hr3-app").HealthChecks());
    }

    [Fact]
    public async Task ChmpxRunsBehindTheHupWrapperWithItsNodeIniAndControlPort()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:BasePort=19020", "--K2hr3:Dkc:SlaveControlPort=19031", "--K2hr3:Dkc:DebugLevel=WAN"]);
        var wrapper = Path.Combine(TestData.RepositoryRoot, "containers", "run-chmpx.sh");
        var etc = Path.Combine(install.DataDir, "etc");

        var chmpx = appHost.Get<ChmpxResource>("k2hdkc-1-chmpx");
        Assert.Equal("/bin/sh", chmpx.Command);
        Assert.Equal(install.DataDir, chmpx.WorkingDirectory);
        Assert.Equal(
            [wrapper, Path.Combine(install.BinDir, "chmpx"), "-conf", Path.Combine(etc, "server-1.ini"), "-ctlport", "19023", "-d", "wan"],
            (await chmpx.ExecutionAsync()).Args);

        var k2hdkc = appHost.Get<K2hdkcResource>("k2hdkc-1");
        Assert.Equal(Path.Combine(install.BinDir, "k2hdkc"), k2hdkc.Command);
        Assert.Equal(["-conf", Path.Combine(etc, "server-1.ini"), "-ctlport", "19023", "-d", "wan"], (await k2hdkc.ExecutionAsync()).Args);

        var slave = appHost.Get<ChmpxResource>("k2hr3-api-chmpx");
        Assert.Equal(
            [wrapper, Path.Combine(install.BinDir, "chmpx"), "-conf", Path.Combine(etc, "slave.ini"), "-ctlport", "19031", "-d", "wan"],
            (await slave.ExecutionAsync()).Args);
    }

    [Fact]
    public async Task ApiRunsThe2xEntryFromThePackageRootWithTheGeneratedConfigDir()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        var api = appHost.Get<K2hr3ApiResource>("k2hr3-api");
        var (args, environment) = await api.ExecutionAsync();
        Assert.Equal(install.Node, api.Command);
        Assert.Equal(install.ApiPackageDir, api.WorkingDirectory);
        Assert.Equal([Path.Combine(install.ApiPackageDir, "dist", "src", "bin", "www.js")], args);
        Assert.Equal("production", environment["NODE_ENV"]);
        Assert.Equal("LOGLEVEL_ERR", environment["NODE_DEBUG"]); // upstream's default level, said explicitly
        Assert.Equal(Path.Combine(install.DataDir, "api"), environment["NODE_CONFIG_DIR"]);

        var endpoint = Assert.Single(api.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 18080, false), (endpoint.UriScheme, endpoint.Port!.Value, endpoint.IsProxied));
    }

    [Fact]
    public async Task AppLoadsThePackageConfigThenTheGeneratedOverlay()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:App:Port=18200"]);

        var app = appHost.Get<K2hr3AppResource>("k2hr3-app");
        var (args, environment) = await app.ExecutionAsync();
        Assert.Equal(install.AppPackageDir, app.WorkingDirectory);
        Assert.Equal([Path.Combine(install.AppPackageDir, "dist", "bin", "www.js")], args);
        Assert.Equal($"{Path.Combine(install.AppPackageDir, "config")}:{Path.Combine(install.DataDir, "app")}", environment["NODE_CONFIG_DIR"]);
        Assert.Equal("production", environment["NODE_ENV"]);
        var endpoint = Assert.Single(app.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 18200, false), (endpoint.UriScheme, endpoint.Port!.Value, endpoint.IsProxied));
    }

    [Fact]
    public async Task Version1PackagesStartFromBinWww()
    {
        using var install = new FakeInstallation(apiLayoutEntry: "bin/www", appLayoutEntry: "bin/www");
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        Assert.Equal([Path.Combine(install.ApiPackageDir, "bin", "www")], (await appHost.Get("k2hr3-api").ExecutionAsync()).Args);
        Assert.Equal([Path.Combine(install.AppPackageDir, "bin", "www")], (await appHost.Get("k2hr3-app").ExecutionAsync()).Args);
    }

    [Fact]
    public async Task ThreeNodesChainInOrder()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Dkc:Nodes=3"]);

        Assert.Equal(["k2hdkc-1"], appHost.Get("k2hdkc-2-chmpx").WaitsFor());
        Assert.Equal(["k2hdkc-0", "k2hdkc-1", "k2hdkc-2"], appHost.Get("k2hr3-api-chmpx").WaitsFor());
        Assert.Equal(["-conf", Path.Combine(install.DataDir, "etc", "server-2.ini"), "-ctlport", "18025", "-d", "err"], (await appHost.Get("k2hdkc-2").ExecutionAsync()).Args);
    }

    [Fact]
    public async Task KeystoneUrlAddsParametersAndDropsTheDummyTokenProbe()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--Parameters:keystone-url=http://127.0.0.1:5000"]);

        Assert.IsType<ParameterResource>(appHost.Get("keystone-url"));
        Assert.IsType<ParameterResource>(appHost.Get("keystone-region"));
        Assert.Equal(["k2hr3-api-root"], appHost.Get("k2hr3-api").HealthChecks());
        Assert.Contains(
            appHost.Get("k2hr3-api").Annotations.OfType<ResourceRelationshipAnnotation>(),
            r => r.Resource.Name == "keystone-url" && r.Type == "Reference");
    }

    [Fact]
    public async Task WithoutKeystoneUrlThereAreNoKeystoneParameters()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        Assert.DoesNotContain(appHost.Resources, r => r.Name.StartsWith("keystone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpsApiAndAppGetHttpsEndpoints()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, "--K2hr3:Api:Scheme=https", "--K2hr3:App:Scheme=https"]);

        Assert.Equal("https", Assert.Single(appHost.Get("k2hr3-api").Annotations.OfType<EndpointAnnotation>()).UriScheme);
        Assert.Equal("https", Assert.Single(appHost.Get("k2hr3-app").Annotations.OfType<EndpointAnnotation>()).UriScheme);
    }

    [Fact]
    public async Task ThePrefixStandsForTheBinDirLibraryPathAndBothPackages()
    {
        using var prefix = new FakePrefix();
        await using var appHost = await AppHostModel.CreateAsync(prefix.Arguments);

        var (chmpxArgs, chmpxEnvironment) = await appHost.Get<ChmpxResource>("k2hdkc-0-chmpx").ExecutionAsync();
        Assert.Contains(prefix.Install.Combine("bin", "chmpx"), chmpxArgs);
        Assert.StartsWith(prefix.LibDir, chmpxEnvironment["LD_LIBRARY_PATH"], StringComparison.Ordinal);

        var k2hdkc = appHost.Get<K2hdkcResource>("k2hdkc-1");
        Assert.Equal(prefix.Install.Combine("bin", "k2hdkc"), k2hdkc.Command);
        Assert.StartsWith(prefix.LibDir, (await k2hdkc.ExecutionAsync()).Environment["LD_LIBRARY_PATH"], StringComparison.Ordinal);

        var api = appHost.Get<K2hr3ApiResource>("k2hr3-api");
        Assert.Equal(prefix.Install.Combine("k2hr3-api"), api.WorkingDirectory);
        Assert.StartsWith(prefix.LibDir, (await api.ExecutionAsync()).Environment["LD_LIBRARY_PATH"], StringComparison.Ordinal);
        Assert.Equal(prefix.Install.Combine("k2hr3-app"), appHost.Get<K2hr3.AppHost.App.K2hr3AppResource>("k2hr3-app").WorkingDirectory);
    }

    [Fact]
    public async Task SettingsGivenExplicitlyWinOverThePrefix()
    {
        using var prefix = new FakePrefix();
        using var other = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. prefix.Arguments, $"--K2hr3:Dkc:BinDir={other.BinDir}", $"--K2hr3:Api:PackageDir={other.ApiPackageDir}"]);

        Assert.Equal(Path.Combine(other.BinDir, "k2hdkc"), appHost.Get<K2hdkcResource>("k2hdkc-0").Command);
        Assert.Equal(other.ApiPackageDir, appHost.Get<K2hr3ApiResource>("k2hr3-api").WorkingDirectory);
        Assert.Equal(prefix.Install.Combine("k2hr3-app"), appHost.Get<K2hr3.AppHost.App.K2hr3AppResource>("k2hr3-app").WorkingDirectory);
    }

    [Fact]
    public void APrefixThatDoesNotExistIsRefusedNamingItAndTheCommandThatBuildsIt()
    {
        var errors = K2hr3OptionsValidator.Validate(new K2hr3Options { Upstream = { Prefix = "/nonexistent/k2hr3-prefix" } });

        Assert.Equal("K2hr3:Upstream:Prefix = '/nonexistent/k2hr3-prefix': no such folder — build it with `bash eng/build-upstream.sh`, which prints the prefix.", Assert.Single(errors));
    }

    /// <summary>A <see cref="FakeInstallation"/> laid out the way eng/build-upstream.sh lays out its prefix.</summary>
    private sealed class FakePrefix : IDisposable
    {
        public FakePrefix()
        {
            Directory.CreateDirectory(Install.Combine("bin"));
            foreach (var program in new[] { "chmpx", "chmpxstatus", "k2hdkc" })
            {
                FakeInstallation.WriteExecutable(Install.Combine("bin", program), "#!/bin/sh\nexit 0\n");
            }

            Directory.CreateDirectory(LibDir);
            FakeInstallation.CreatePackage(Install.Combine("k2hr3-api"), "k2hr3-api", "2.0.3", "dist/src/bin/www.js", "k2hdkc");
            FakeInstallation.CreatePackage(Install.Combine("k2hr3-app"), "k2hr3-app", "2.0.1", "dist/bin/www.js", "express");
        }

        public TempDirectory Install { get; } = new("k2hr3-fake-prefix-");

        public string LibDir => Install.Combine("lib");

        public string[] Arguments =>
        [
            "--K2hr3:Runtime=processes",
            $"--K2hr3:Upstream:Prefix={Install.Path}",
            $"--K2hr3:Node={Install.Combine("bin", "chmpx")}", // any executable: nothing is started
            $"--K2hr3:DataDir={Install.Combine("data")}",
        ];

        public void Dispose() => Install.Dispose();
    }
}
