namespace K2hr3.Tests.AppHost;

/// <summary>
/// <c>K2hr3:Upstream:Prefix</c>: the one setting that points the processes runtime at a from-source build
/// (eng/build-upstream.sh's layout: bin/, lib/, k2hr3-api/, k2hr3-app/); no DCP.
/// </summary>
public class UpstreamPrefixModelTests
{
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
