namespace K2hr3.Tests.AppHost;

/// <summary>
/// Files shaped like an installation of chmpx/k2hdkc, node and the k2hr3 npm packages, so model tests can exercise
/// the "installed" branch of detection without the real software. Nothing here is ever started: model tests build
/// the model only.
/// </summary>
internal sealed class FakeInstallation : IDisposable
{
    private readonly TempDirectory _root = new("k2hr3-fake-install-");

    public FakeInstallation(string apiLayoutEntry = "dist/src/bin/www.js", string appLayoutEntry = "dist/bin/www.js")
    {
        BinDir = _root.Combine("bin");
        Directory.CreateDirectory(BinDir);
        foreach (var program in new[] { "chmpx", "chmpxstatus", "chmpxlinetool", "k2hdkc", "node" })
        {
            WriteExecutable(Path.Combine(BinDir, program), "#!/bin/sh\nexit 0\n");
        }

        ApiPackageDir = CreatePackage("k2hr3-api", "2.0.3", apiLayoutEntry, "k2hdkc");
        AppPackageDir = CreatePackage("k2hr3-app", "2.0.1", appLayoutEntry, "express");
        DataDir = _root.Combine("data");
    }

    public string BinDir { get; }

    public string Node => Path.Combine(BinDir, "node");

    public string ApiPackageDir { get; }

    public string AppPackageDir { get; }

    public string DataDir { get; }

    /// <summary>AppHost arguments pointing every setting at this installation.</summary>
    public string[] Arguments =>
    [
        "--K2hr3:Runtime=processes",
        $"--K2hr3:Dkc:BinDir={BinDir}",
        $"--K2hr3:Node={Node}",
        $"--K2hr3:Api:PackageDir={ApiPackageDir}",
        $"--K2hr3:App:PackageDir={AppPackageDir}",
        $"--K2hr3:DataDir={DataDir}",
    ];

    public string Combine(params string[] parts) => _root.Combine(parts);

    public static void WriteExecutable(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static string CreatePackage(string root, string name, string version, string entry, params string[] modules)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "package.json"), $$"""{ "name": "{{name}}", "version": "{{version}}" }""");
        var entryPath = Path.Combine(root, entry);
        Directory.CreateDirectory(Path.GetDirectoryName(entryPath)!);
        File.WriteAllText(entryPath, "// entry\n");
        Directory.CreateDirectory(Path.Combine(root, "config"));
        foreach (var module in modules)
        {
            Directory.CreateDirectory(Path.Combine(root, "node_modules", module));
        }

        return root;
    }

    public void Dispose() => _root.Dispose();

    private string CreatePackage(string name, string version, string entry, string module) =>
        CreatePackage(_root.Combine("packages", name), name, version, entry, module);
}
