namespace K2hr3.Tests.AppHost;

/// <summary>The processes runtime on a host without (some of) the upstream software; no DCP.</summary>
public class UnavailableModelTests
{
    [Fact]
    public async Task NothingInstalledEveryComponentExplainsItselfAndNothingWaitsForIt()
    {
        using var empty = new TempDirectory();
        await using var appHost = await AppHostModel.CreateAsync(
            "--K2hr3:Runtime=processes",
            $"--K2hr3:Dkc:BinDir={empty.Path}",
            $"--K2hr3:Api:PackageDir={empty.Combine("no-api")}",
            $"--K2hr3:App:PackageDir={empty.Combine("no-app")}",
            $"--K2hr3:DataDir={empty.Combine("data")}");

        var names = new[] { "k2hdkc-0", "k2hdkc-0-chmpx", "k2hdkc-1", "k2hdkc-1-chmpx", "k2hr3-api", "k2hr3-api-chmpx", "k2hr3-app" };
        foreach (var name in names)
        {
            var resource = appHost.Get<K2hr3UnavailableResource>(name);
            Assert.Empty(resource.WaitsFor());
            var state = Assert.Single(resource.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot.State;
            Assert.NotNull(state);
            Assert.Equal(K2hr3UnavailableResource.State, state.Text);
            Assert.Equal(KnownResourceStateStyles.Warn, state.Style);
        }

        var dkcReason = appHost.Get<K2hr3UnavailableResource>("k2hdkc-0").Reason;
        Assert.Equal($"chmpx, chmpxstatus, k2hdkc not found in K2hr3:Dkc:BinDir = {empty.Path} — {DkcBinaries.InstallHint} or fix K2hr3:Dkc:BinDir", dkcReason);

        var apiReason = appHost.Get<K2hr3UnavailableResource>("k2hr3-api").Reason;
        Assert.Contains($"K2hr3:Api:PackageDir = {empty.Combine("no-api")} does not exist", apiReason, StringComparison.Ordinal);
        Assert.Contains("needs the data tier: chmpx", apiReason, StringComparison.Ordinal);
        Assert.Contains("K2hr3:App:PackageDir", appHost.Get<K2hr3UnavailableResource>("k2hr3-app").Reason, StringComparison.Ordinal);

        // The rest of the model is untouched.
        Assert.IsNotType<K2hr3UnavailableResource>(appHost.Get("osnl"));
    }

    [Fact]
    public async Task ChmpxOnPathButNoPackagesRunsTheDataTierAndExplainsApiAndApp()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync(
            "--K2hr3:Runtime=processes",
            $"--K2hr3:Dkc:BinDir={install.BinDir}",
            $"--K2hr3:Node={install.Node}",
            $"--K2hr3:Api:PackageDir={install.Combine("missing-api")}",
            $"--K2hr3:App:PackageDir={install.Combine("missing-app")}",
            $"--K2hr3:DataDir={install.DataDir}");

        appHost.Get<K2hdkcResource>("k2hdkc-0");
        appHost.Get<ChmpxResource>("k2hr3-api-chmpx");
        appHost.Get<K2hr3UnavailableResource>("k2hr3-api");
        var app = appHost.Get<K2hr3UnavailableResource>("k2hr3-app");
        Assert.Empty(app.WaitsFor());
        Assert.Equal("k2hr3-api", appHost.Get("k2hr3-api-chmpx").Parent());
    }

    [Fact]
    public async Task ApiMissingButAppInstalledStartsTheAppWithoutWaiting()
    {
        using var install = new FakeInstallation();
        Directory.Delete(Path.Combine(install.ApiPackageDir, "node_modules", "k2hdkc"));
        await using var appHost = await AppHostModel.CreateAsync(install.Arguments);

        var api = appHost.Get<K2hr3UnavailableResource>("k2hr3-api");
        Assert.Contains("node_modules/k2hdkc is missing", api.Reason, StringComparison.Ordinal);
        var app = appHost.Get<K2hr3.AppHost.App.K2hr3AppResource>("k2hr3-app");
        Assert.Empty(app.WaitsFor());
        Assert.Contains(app.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == "k2hr3-api" && r.Type == "Needs");
    }

    [Fact]
    public async Task MissingContainersFolderMakesChmpxUnavailableWithTheSettingToFix()
    {
        using var install = new FakeInstallation();
        await using var appHost = await AppHostModel.CreateAsync([.. install.Arguments, $"--K2hr3:ContainersDir={install.Combine("nowhere")}"]);

        Assert.Contains("set K2hr3:ContainersDir", appHost.Get<K2hr3UnavailableResource>("k2hdkc-0").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfigurationFailsTheBuildNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModel.CreateAsync("--K2hr3:Runtime=processes", "--K2hr3:Dkc:BasePort=32760", "--K2hr3:Dkc:Nodes=5"));

        Assert.Contains("K2hr3:Dkc:BasePort = 32760", error.ToString(), StringComparison.Ordinal);
    }
}
