namespace K2hr3.Tests.AppHost;

public class InstallationDetectionTests
{
    private static readonly string[] NoGlobalRoots = [];

    [Fact]
    public void ExecutablesAreFoundInTheConfiguredFolderOnlyWhenItIsGiven()
    {
        using var dir = new TempDirectory();
        var onPath = dir.Combine("path");
        var configured = dir.Combine("configured");
        Directory.CreateDirectory(onPath);
        Directory.CreateDirectory(configured);
        FakeInstallation.WriteExecutable(Path.Combine(onPath, "chmpx"), "#!/bin/sh\n");

        Assert.Equal(Path.Combine(onPath, "chmpx"), ExecutableLocator.Find("chmpx", null, $"/nonexistent:{onPath}"));
        Assert.Null(ExecutableLocator.Find("chmpx", configured, onPath));
    }

    [Fact]
    public void AFileWithoutExecutePermissionIsNotAnExecutable()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("chmpx"), "not a program");

        Assert.Null(ExecutableLocator.Find("chmpx", dir.Path, null));
    }

    [Fact]
    public void MissingDataTierProgramsAreListedWithWhatToInstall()
    {
        using var dir = new TempDirectory();
        FakeInstallation.WriteExecutable(dir.Combine("chmpx"), "#!/bin/sh\n");

        var found = K2hr3Installation.Detect(new K2hr3Options { Dkc = { BinDir = dir.Path } }, null, NoGlobalRoots);
        Assert.Null(found.Dkc);
        Assert.Equal($"chmpxstatus, k2hdkc not found in K2hr3:Dkc:BinDir = {dir.Path} — install chmpx and k2hdkc (packagecloud.io antpickax/stable) or fix K2hr3:Dkc:BinDir", found.DkcProblem);

        var onPath = K2hr3Installation.Detect(new K2hr3Options(), dir.Path, NoGlobalRoots);
        Assert.Equal("chmpxstatus, k2hdkc not found on PATH — install chmpx and k2hdkc (packagecloud.io antpickax/stable) or set K2hr3:Dkc:BinDir", onPath.DkcProblem);
    }

    [Theory]
    [InlineData("k2hr3-api", "dist/src/bin/www.js", NodePackageLayout.V2)]
    [InlineData("k2hr3-app", "dist/bin/www.js", NodePackageLayout.V2)]
    [InlineData("k2hr3-api", "bin/www", NodePackageLayout.V1)]
    public void BothReleaseLayoutsAreRecognised(string name, string entry, NodePackageLayout layout)
    {
        using var dir = new TempDirectory();
        var root = FakeInstallation.CreatePackage(dir.Combine(name), name, "9.9.9", entry, "express");

        var probe = NodePackageLocator.Probe(name, root, "K2hr3:X:PackageDir", [], NoGlobalRoots);

        Assert.Null(probe.Problem);
        Assert.Equal(new NodePackage(name, root, Path.Combine(root, entry), layout, "9.9.9"), probe.Package);
    }

    [Fact]
    public void AGlobalNpmInstallIsFoundWithoutConfiguration()
    {
        using var dir = new TempDirectory();
        var root = FakeInstallation.CreatePackage(dir.Combine("lib", "node_modules", "k2hr3-app"), "k2hr3-app", "1.0.41", "bin/www", "express");

        var probe = NodePackageLocator.Probe("k2hr3-app", null, "K2hr3:App:PackageDir", [], ["/nonexistent", dir.Combine("lib", "node_modules")]);

        Assert.Equal(root, probe.Package?.Root);
    }

    [Fact]
    public void EachBrokenPackageSaysWhatToDo()
    {
        using var dir = new TempDirectory();
        string Problem(string? path, params string[] required) =>
            NodePackageLocator.Probe("k2hr3-api", path, "K2hr3:Api:PackageDir", required, NoGlobalRoots).Problem!;

        Assert.Equal("k2hr3-api package not found — install it (npm install -g k2hr3-api) or set K2hr3:Api:PackageDir to an installed package or a built checkout", Problem(null));

        var wrongName = FakeInstallation.CreatePackage(dir.Combine("wrong"), "k2hr3-app", "1", "bin/www");
        Assert.Equal($"{wrongName} is not the k2hr3-api package (package.json name: k2hr3-app) — fix K2hr3:Api:PackageDir", Problem(wrongName));

        var unbuilt = FakeInstallation.CreatePackage(dir.Combine("unbuilt"), "k2hr3-api", "2.0.3", "src/bin/www.ts");
        Assert.Equal($"{unbuilt} is an unbuilt k2hr3-api checkout — run 'npm install && npm run build' there", Problem(unbuilt));

        var noModules = FakeInstallation.CreatePackage(dir.Combine("no-modules"), "k2hr3-api", "2.0.3", "dist/src/bin/www.js");
        Assert.Equal($"{noModules} has no node_modules — run 'npm install' there", Problem(noModules));

        var noAddon = FakeInstallation.CreatePackage(dir.Combine("no-addon"), "k2hr3-api", "2.0.3", "dist/src/bin/www.js", "express");
        Assert.StartsWith($"{noAddon}/node_modules/k2hdkc is missing — run 'npm install --allow-scripts=k2hdkc' there", Problem(noAddon, "k2hdkc"), StringComparison.Ordinal);
    }
}
