using System.Security.Cryptography;

namespace K2hr3.Tests.Upstream;

/// <summary>
/// <c>eng/build-upstream.sh</c>: the checks it makes before building anything (archives verified against SHA256SUMS,
/// missing ones named), and that a second run over a finished prefix does nothing. Offline cases use small stand-in
/// archives; the last case runs the script over the real build CI made.
/// </summary>
public class BuildUpstreamScriptTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private static readonly string Script = Path.Combine(TestData.RepositoryRoot, "eng", "build-upstream.sh");

    /// <summary>eng/upstream.versions: component → version, in build order.</summary>
    private static readonly IReadOnlyList<(string Component, string Version)> Versions =
        [.. File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, "eng", "upstream.versions"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Select(pair => (pair[0], pair[1]))];

    [Fact]
    public void TheVersionsFilePinsEveryComponentInBuildOrder()
    {
        Assert.Equal(["fullock", "k2hash", "chmpx", "k2hdkc", "k2hdkc_nodejs", "k2hr3_api", "k2hr3_app"], Versions.Select(v => v.Component));
        Assert.All(Versions, v => Assert.Matches(@"^\d+\.\d+\.\d+$", v.Version));
    }

    [Fact]
    public async Task AnArchiveWhoseChecksumDiffersIsRefusedBeforeAnythingIsBuilt()
    {
        using var sources = await StandInSourcesAsync();
        var (component, version) = Versions[2];
        await File.AppendAllTextAsync(sources.Combine($"{component}-{version}.tar.gz"), "tampered", TestContext.Current.CancellationToken);
        using var prefix = new TempDirectory();

        var result = await RunScriptAsync("--sources", sources.Path, "--prefix", prefix.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {component} {version}: {sources.Combine($"{component}-{version}.tar.gz")} has SHA-256 ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("but SHA256SUMS says", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("refusing to build it", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(prefix.Path, "logs")) && Directory.EnumerateFiles(Path.Combine(prefix.Path, "logs")).Any(), "nothing was built");
    }

    [Fact]
    public async Task AMissingArchiveIsNamedWithItsComponentAndVersion()
    {
        using var sources = await StandInSourcesAsync();
        var (component, version) = Versions[3];
        File.Delete(sources.Combine($"{component}-{version}.tar.gz"));
        using var prefix = new TempDirectory();

        var result = await RunScriptAsync("--sources", sources.Path, "--prefix", prefix.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {component} {version}: source archive {component}-{version}.tar.gz is missing from {sources.Path}", result.StandardError.Trim());
    }

    [Fact]
    public async Task SourcesWithoutAChecksumFileAreRefused()
    {
        using var sources = await StandInSourcesAsync();
        File.Delete(sources.Combine("SHA256SUMS"));

        var result = await RunScriptAsync("--sources", sources.Path, "--prefix", sources.Combine("prefix"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{sources.Path} has no SHA256SUMS file", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRunOverAFinishedPrefixDoesNothingAndSaysSo()
    {
        using var sources = await StandInSourcesAsync();
        using var cache = new TempDirectory();
        var environment = new Dictionary<string, string> { ["K2HR3_UPSTREAM_CACHE"] = cache.Path };

        // The default prefix is named after the inputs; lay out a finished build there, as a first run leaves it.
        var printed = await RunScriptAsync(environment, "--sources", sources.Path, "--print-prefix");
        Assert.True(printed.Succeeded, printed.Output);
        var prefix = printed.StandardOutput.Trim();
        Assert.StartsWith(Path.Combine(cache.Path, "upstream") + "/", prefix, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(prefix, ".stamps"));
        await File.WriteAllTextAsync(Path.Combine(prefix, ".stamps", "inputs"), Path.GetFileName(prefix) + "\n", TestContext.Current.CancellationToken);
        foreach (var (component, _) in Versions)
        {
            await File.WriteAllTextAsync(Path.Combine(prefix, ".stamps", component), "built\n", TestContext.Current.CancellationToken);
        }

        foreach (var file in new[] { "bin/chmpx", "k2hr3-api/dist/src/bin/www.js", "k2hr3-app/dist/bin/www.js" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(prefix, file))!);
            FakeInstallation.WriteExecutable(Path.Combine(prefix, file), "#!/bin/sh\n");
        }

        var stampTimes = Directory.EnumerateFiles(Path.Combine(prefix, ".stamps")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var result = await RunScriptAsync(environment, "--sources", sources.Path);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("nothing to do: every component is up to date", result.StandardOutput, StringComparison.Ordinal);
        Assert.All(Versions, v => Assert.Contains($"  {v.Component} {v.Version}: up to date", result.StandardOutput, StringComparison.Ordinal));
        Assert.Equal($"K2hr3:Upstream:Prefix={prefix}", result.StandardOutput.TrimEnd().Split('\n')[^1]);
        Assert.Equal(stampTimes, Directory.EnumerateFiles(Path.Combine(prefix, ".stamps")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task AFailingStepIsNamedWithTheComponentAndItsLogAndNothingAfterItIsBuilt()
    {
        // Stand-in archives have no autogen.sh: the first component fails at its first build step.
        using var sources = await StandInSourcesAsync();
        using var prefix = new TempDirectory();

        var result = await RunScriptAsync("--sources", sources.Path, "--prefix", prefix.Path);

        if (result.StandardError.Contains("missing build tools", StringComparison.Ordinal) && !UpstreamBuild.Required)
        {
            Assert.Skip($"the build tools are not installed here: {result.StandardError.Trim()}");
        }

        var (component, version) = Versions[0];
        Assert.Equal(1, result.ExitCode);
        var log = Path.Combine(prefix.Path, "logs", $"{component}.log");
        Assert.Contains($"error: {component} {version}: step 'autogen' failed (exit 127); full log: {log}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("autogen.sh", await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains($"  {component} {version}: building ... failed", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(prefix.Path, ".stamps", component)), "a failed component is not marked built");
        Assert.False(File.Exists(Path.Combine(prefix.Path, "logs", $"{Versions[1].Component}.log")), "nothing after it was started");
    }

    /// <summary>eng/patches/&lt;component&gt;/*.patch: our fixes of upstream bugs, each applied in that component's build.</summary>
    [Fact]
    public async Task TheRealBuildAppliedEveryPatchOfOurs()
    {
        var built = UpstreamBuild.Require();
        var patches = Directory.EnumerateFiles(Path.Combine(TestData.RepositoryRoot, "eng", "patches"), "*.patch", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(patches);

        foreach (var patch in patches)
        {
            var component = Path.GetFileName(Path.GetDirectoryName(patch))!;
            Assert.Contains(component, Versions.Select(v => v.Component));
            var log = await File.ReadAllTextAsync(Path.Combine(built.Path, "logs", $"{component}.log"), TestContext.Current.CancellationToken);
            Assert.Contains($"+ [patch {Path.GetFileName(patch)}] patch -p1", log, StringComparison.Ordinal);
            Assert.Contains("patching file ", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OverTheRealBuildASecondRunIsANoOp()
    {
        var built = UpstreamBuild.Require();
        var before = Directory.EnumerateFiles(Path.Combine(built.Path, ".stamps")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // Same prefix, the script's default sources (whatever the CI build used): the stamps say it is built.
        var result = await RunScriptAsync("--prefix", built.Path);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("nothing to do", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFiles(Path.Combine(built.Path, ".stamps")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    private static Task<CommandLine.Result> RunScriptAsync(params string[] arguments) => RunScriptAsync(null, arguments);

    private static Task<CommandLine.Result> RunScriptAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => CommandLine.RunAsync("bash", [Script, .. arguments], ScriptTimeout, environment);

    /// <summary>A source folder as `--sources` takes it: one small archive per pinned component and their SHA256SUMS.</summary>
    private static async Task<TempDirectory> StandInSourcesAsync()
    {
        var sources = new TempDirectory();
        var sums = new List<string>();
        foreach (var (component, version) in Versions)
        {
            var top = $"{component}-{version}";
            Directory.CreateDirectory(sources.Combine("tree", top));
            await File.WriteAllTextAsync(sources.Combine("tree", top, "README"), $"stand-in for {top}\n", TestContext.Current.CancellationToken);
            var archive = sources.Combine($"{top}.tar.gz");
            var tar = await CommandLine.RunAsync("tar", ["-czf", archive, "-C", sources.Combine("tree"), top], ScriptTimeout);
            Assert.True(tar.Succeeded, tar.Output);
            sums.Add($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(archive, TestContext.Current.CancellationToken)))}  {top}.tar.gz");
        }

        await File.WriteAllLinesAsync(sources.Combine("SHA256SUMS"), sums, TestContext.Current.CancellationToken);
        return sources;
    }
}
